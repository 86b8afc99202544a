package io.shoal.dns.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Sends one query to one upstream server and hands back its response; never blocks the calling thread. */
interface UpstreamExchange {
    /**
     * Sends {@code query} over UDP; the result completes with the raw response, or exceptionally with
     * {@link UpstreamException} on timeout or a send failure.
     */
    CompletableFuture<byte[]> udp(byte[] query, InetSocketAddress upstream, Duration timeout);

    /** Sends {@code query} over a fresh TCP connection (RFC 7766), otherwise as {@link #udp}. */
    CompletableFuture<byte[]> tcp(byte[] query, InetSocketAddress upstream, Duration timeout);
}
