package io.shoal.engine.dns;

import io.shoal.engine.errors.EngineException;
import io.shoal.net.IpPrefix;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The engine's port to the embedded DNS: the records of each user-defined network, and one resolver listening on
 * 127.0.0.11:53 (UDP and TCP) inside each container's network namespace, answering from the networks that container
 * is on and forwarding everything else to its upstreams. The production adapter is embedded-dns; tests use a fake.
 *
 * <p>Record changes take effect for lookups before the method returns. Methods may be called concurrently.
 */
public interface NameService {
    /**
     * Declares a network's subnets so that reverse lookups inside them are answered locally ({@code ownsReverse}: a
     * bridge network, whose addresses only the engine hands out) or forwarded (a macvlan network on a real LAN).
     */
    void defineNetwork(String networkName, List<IpPrefix> subnets, boolean ownsReverse);

    /** Forgets a network and all its records. */
    void removeNetwork(String networkName);

    /**
     * Publishes (or replaces) one container's names on a network. Returns the names that are not valid DNS names
     * (RFC 1035 §2.3.4) and were left out; the others resolve.
     */
    List<String> publish(String networkName, DnsEntry entry);

    /** Withdraws the container's names from the network; nothing happens when it has none there. */
    void withdraw(String networkName, String containerId);

    /**
     * Starts the container's resolver inside {@code namespace} (127.0.0.11, port 53, UDP and TCP), forwarding to
     * {@code upstreams} (the user's {@code --dns} servers, else the host's). INTERNAL naming the namespace and errno
     * when a socket cannot be opened there.
     */
    void attachResolver(String containerId, Path namespace, List<InetSocketAddress> upstreams) throws EngineException;

    /** Stops the container's resolver; nothing happens when it has none. */
    void detachResolver(String containerId);
}
