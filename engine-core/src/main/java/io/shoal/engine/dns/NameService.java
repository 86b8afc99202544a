package io.shoal.engine.dns;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
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
     * when a socket cannot be opened there. Attaching a container whose resolver already listens in the same
     * namespace with the same upstreams keeps that resolver (lookups see no gap: an engine start attaches early, then
     * again in the containers' restore); any other second attach replaces it.
     */
    void attachResolver(String containerId, Path namespace, List<InetSocketAddress> upstreams) throws EngineException;

    /**
     * As {@link #attachResolver}, at an engine start before the store is open (the early DNS side files): a name
     * service may take what an earlier engine left in the namespace on trust here, to answer sooner, and check it at
     * the next {@link #attachResolver} of the same container with the same namespace and upstreams (the store-based
     * step that follows, docs/engine.md "Restart"). The default trusts nothing.
     */
    default void attachResolverEarly(String containerId, Path namespace, List<InetSocketAddress> upstreams)
            throws EngineException {
        attachResolver(containerId, namespace, upstreams);
    }

    /** Stops the container's resolver; nothing happens when it has none. */
    void detachResolver(String containerId);

    /**
     * As {@link #detachResolver}, for a caller that deletes the container's network namespace right after (a
     * sandbox's teardown): the resolver stops answering before this returns, but what it put inside that namespace
     * (the DNAT rule leading port 53 to its listener) may be left for the kernel to free with the namespace, which
     * spares the request the removal's wait (an nftables commit in the namespace, ~10 ms). If the namespace outlives
     * the call after all, lookups there fail as they would without the rule: nothing listens. The default is {@link
     * #detachResolver}.
     */
    default void detachResolverBeforeNamespaceDelete(String containerId) {
        detachResolver(containerId);
    }

    /**
     * The text of the {@code /etc/resolv.conf} of a container on a user-defined network: {@code nameserver
     * 127.0.0.11} only, the host's search list (or {@code search} when not empty: {@code --dns-search}), and the
     * host's options merged with {@code options} ({@code --dns-option}) by the embedded DNS's rules.
     *
     * @param hostText the host's resolv.conf text (resolv.conf(5)); may be empty
     * @throws EngineException INVALID_ARGUMENT naming an option that is not {@code name} or {@code name:N}, or a
     *     search domain that is not one word; NOT_IMPLEMENTED from this default, which only keeps implementations
     *     written before the method compiling
     */
    default String containerResolvConf(String hostText, List<String> search, List<String> options)
            throws EngineException {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "this name service writes no container resolv.conf");
    }

    /**
     * The host's nameservers a container's namespace can reach, port 53, in file order: loopback and IPv6 link-local
     * servers are left out (they live in the host's namespace or on its links).
     *
     * @param hostText the host's resolv.conf text; may be empty
     * @throws EngineException NOT_IMPLEMENTED from this default, which only keeps implementations written before the
     *     method compiling
     */
    default List<InetSocketAddress> hostUpstreams(String hostText) throws EngineException {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "this name service reads no host nameservers");
    }
}
