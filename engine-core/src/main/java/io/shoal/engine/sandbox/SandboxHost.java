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

    /** The host's resolver configuration text ({@code /etc/resolv.conf}, resolv.conf(5)); empty when absent. */
    String hostResolvConf() throws EngineException;
}
