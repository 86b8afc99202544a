package io.shoal.dns.server;

import java.time.Duration;

/**
 * How the resolver answers and forwards; the same for every listener of a {@link DnsServer}.
 *
 * @param ttlSeconds the TTL of every record Shoal answers with itself; 0 by default, so that no client caches a name
 *     that may leave at any moment and every query sees the current round-robin order (docs/dns.md)
 * @param attemptTimeout how long one upstream attempt may take (a UDP exchange, or the TCP retry after truncation)
 * @param attempts how many attempts a forwarded question gets, going round the upstreams in order
 * @param forwardDeadline the most a forwarded question may take in all; then the client gets SERVFAIL
 * @param tcpIdleTimeout how long a client's TCP connection may stay idle before the server closes it (RFC 7766 6.2.3)
 * @param eventLoopThreads the number of event loop threads shared by all listeners
 * @param udpSocketsPerListener how many UDP sockets share a listener's port (SO_REUSEPORT), each on its own event
 *     loop, so one busy container can use more than one core
 */
public record ResolverSettings(
        long ttlSeconds,
        Duration attemptTimeout,
        int attempts,
        Duration forwardDeadline,
        Duration tcpIdleTimeout,
        int eventLoopThreads,
        int udpSocketsPerListener) {
    /** Checks the values. */
    public ResolverSettings {
        if (ttlSeconds < 0 || ttlSeconds > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ttl " + ttlSeconds + " is outside 0.." + Integer.MAX_VALUE);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        if (attemptTimeout.isNegative() || attemptTimeout.isZero() || forwardDeadline.isNegative()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (eventLoopThreads < 1) {
            throw new IllegalArgumentException("eventLoopThreads must be at least 1, not " + eventLoopThreads);
        }
        if (udpSocketsPerListener < 1) {
            throw new IllegalArgumentException(
                    "udpSocketsPerListener must be at least 1, not " + udpSocketsPerListener);
        }
    }

    /**
     * TTL 0; three attempts of one second each, at most three seconds in all, so a client with glibc's default five
     * second timeout (resolv.conf(5), "timeout") gets SERVFAIL before it gives up; idle TCP closed after ten seconds; one
     * event loop thread per processor; one UDP socket per listener.
     */
    public static ResolverSettings defaults() {
        return new ResolverSettings(
                0,
                Duration.ofSeconds(1),
                3,
                Duration.ofSeconds(3),
                Duration.ofSeconds(10),
                Runtime.getRuntime().availableProcessors(),
                1);
    }

    /** These settings with other forwarding timeouts. */
    public ResolverSettings withForwarding(Duration attemptTimeout, int attempts, Duration forwardDeadline) {
        return new ResolverSettings(
                ttlSeconds,
                attemptTimeout,
                attempts,
                forwardDeadline,
                tcpIdleTimeout,
                eventLoopThreads,
                udpSocketsPerListener);
    }

    /** These settings with another number of event loop threads. */
    public ResolverSettings withEventLoopThreads(int threads) {
        return new ResolverSettings(
                ttlSeconds, attemptTimeout, attempts, forwardDeadline, tcpIdleTimeout, threads, udpSocketsPerListener);
    }

    /** These settings with {@code sockets} UDP sockets sharing each listener's port. */
    public ResolverSettings withUdpSocketsPerListener(int sockets) {
        return new ResolverSettings(
                ttlSeconds, attemptTimeout, attempts, forwardDeadline, tcpIdleTimeout, eventLoopThreads, sockets);
    }
}
