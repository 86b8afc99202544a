package io.shoal.engine.sandbox;

import io.shoal.engine.errors.EngineException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The engine's port to the host for sandboxes: network namespaces, the files bind-mounted into containers, and the
 * default routes inside a sandbox. The production adapter uses Shoal's netlink; tests use a fake.
 *
 * <p>Every method is idempotent so that restore and retries can call it again; failures are {@link EngineException}s
 * naming the sandbox and the errno (kind INTERNAL, or UNAVAILABLE when the host refuses for now).
 */
public interface SandboxHost {
    /**
     * Creates (or finds, after a crash) the network namespace of sandbox {@code sandboxId} (12 hex), with {@code lo}
     * up, and returns its path.
     */
    Path createNamespace(String sandboxId) throws EngineException;

    /**
     * {@link #createNamespace}, with the namespace kept open until the returned hold is closed, so that the steps of
     * one start (the drivers' joins, the default routes, the DNS resolver) share what the adapter keeps with an open
     * namespace instead of opening it, and entering it, each on its own. The default keeps nothing open.
     */
    default HeldNamespace createHeldNamespace(String sandboxId) throws EngineException {
        Path path = createNamespace(sandboxId);
        return new HeldNamespace() {
            @Override
            public Path path() {
                return path;
            }

            @Override
            public void close() {}
        };
    }

    /** A sandbox's namespace kept open by {@link #createHeldNamespace}; closing it lets go of it (not deleting it). */
    interface HeldNamespace extends AutoCloseable {
        /** Where the namespace is, as {@link #createNamespace} returns it. */
        Path path();

        /**
         * Lets go of the namespace; idempotent.
         *
         * @throws EngineException what was kept open could not be closed (kind INTERNAL)
         */
        @Override
        void close() throws EngineException;
    }

    /** Deletes the sandbox's namespace; nothing happens when it is already gone. */
    void deleteNamespace(String sandboxId) throws EngineException;

    /**
     * Makes {@code gateway} (reached through {@code interfaceName}) the sandbox's default route for the gateway's
     * family, replacing any other; with {@code gateway} empty, removes that family's default route.
     *
     * @param ipv6 which family's default route is meant (needed when {@code gateway} is empty)
     */
    void setDefaultRoute(Path namespace, boolean ipv6, Optional<InetAddress> gateway, String interfaceName)
            throws EngineException;

    /**
     * {@link #setDefaultRoute} for IPv4 and then IPv6, which an adapter may do in one visit of the namespace (each
     * visit costs a thread entering it, a few hundred microseconds on a loaded machine). The default calls
     * {@link #setDefaultRoute} twice.
     *
     * @param ipv4 the IPv4 gateway and its interface; an empty gateway removes the IPv4 default route
     * @param ipv6 likewise for IPv6
     */
    default void setDefaultRoutes(Path namespace, DefaultRoute ipv4, DefaultRoute ipv6) throws EngineException {
        setDefaultRoute(namespace, false, ipv4.gateway(), ipv4.interfaceName());
        setDefaultRoute(namespace, true, ipv6.gateway(), ipv6.interfaceName());
    }

    /**
     * One family's wanted default route: via {@code gateway} out of {@code interfaceName}, or none when
     * {@code gateway} is empty ({@code interfaceName} is then ignored, and may be empty).
     */
    record DefaultRoute(Optional<InetAddress> gateway, String interfaceName) {}

    /**
     * The host's resolver configuration text (resolv.conf(5)): {@code /etc/resolv.conf}, or systemd-resolved's
     * {@code /run/systemd/resolve/resolv.conf} when the former lists only its stub 127.0.0.53 (the adapter's choice,
     * made once as Docker's); empty when absent.
     */
    String hostResolvConf() throws EngineException;
}
