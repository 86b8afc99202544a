package io.shoal.engine.container;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.sandbox.SandboxHost;
import io.shoal.engine.sandbox.SandboxHost.DefaultRoute;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default routes this engine last set in each running container's sandbox, so that a connect or disconnect that
 * leaves the gateway endpoints as they were does not visit the namespace again (a thread hop into it, a netlink
 * socket, the link lookup, the replace and a route dump per family).
 *
 * <p>What is remembered is only ever what a {@link SandboxHost#setDefaultRoutes} call that returned set, per
 * container and namespace path. A start always sets the routes and remembers them ({@link #set}); a connect or
 * disconnect ({@link #update}) sets them only when they differ from the remembered ones. A route remembered stays true
 * in the kernel while its interface is in the namespace: that interface leaves only with its endpoint, whose leaving
 * changes the choice, so the next {@link #update} sets the routes. A failed call, a failed connect and a tear-down
 * forget the container, and nothing survives a restart of the engine: the next visit sets the routes again.
 */
final class AppliedRoutes {
    private record Applied(Path namespace, DefaultRoute ipv4, DefaultRoute ipv6) {}

    private final SandboxHost host;
    private final Map<String, Applied> applied = new ConcurrentHashMap<>();

    AppliedRoutes(SandboxHost host) {
        this.host = host;
    }

    /** Sets both families' default routes in {@code namespace} and remembers them for {@code containerId}. */
    void set(String containerId, Path namespace, DefaultRoute ipv4, DefaultRoute ipv6) throws EngineException {
        applied.remove(containerId);
        host.setDefaultRoutes(namespace, ipv4, ipv6);
        applied.put(containerId, new Applied(namespace, normal(ipv4), normal(ipv6)));
    }

    /**
     * As {@link #set}, but only when they differ from what was last set in this namespace for this container.
     *
     * @return whether the namespace was visited
     */
    boolean update(String containerId, Path namespace, DefaultRoute ipv4, DefaultRoute ipv6) throws EngineException {
        Applied wanted = new Applied(namespace, normal(ipv4), normal(ipv6));
        if (wanted.equals(applied.get(containerId))) {
            return false;
        }
        set(containerId, namespace, ipv4, ipv6);
        return true;
    }

    /** Forgets the container: its next {@link #update} sets the routes. */
    void forget(String containerId) {
        applied.remove(containerId);
    }

    /** A route without gateway ignores its interface name (SandboxHost.DefaultRoute): one value for "none". */
    private static DefaultRoute normal(DefaultRoute route) {
        return route.gateway().isPresent() ? route : new DefaultRoute(Optional.empty(), "");
    }
}
