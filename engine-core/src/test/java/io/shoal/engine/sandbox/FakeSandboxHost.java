package io.shoal.engine.sandbox;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sandboxes in memory for tests: namespaces by id (path {@code /run/shoal/netns/<id>}), each namespace's default
 * route per family, a settable host resolv.conf, and {@link #failOn} to make the next call of an operation fail.
 */
public final class FakeSandboxHost implements SandboxHost {
    /** A default route: gateway and interface. */
    public record Route(InetAddress gateway, String interfaceName) {}

    private final Set<String> namespaces = new HashSet<>();
    private final Set<String> held = new HashSet<>();
    private final Map<String, Route> routes = new HashMap<>();
    private final Set<String> failures = new HashSet<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private String resolvConf = "";

    public synchronized void hostResolvConf(String text) {
        this.resolvConf = text;
    }

    /** The next call of {@code operation} ({@code createNamespace}, {@code setDefaultRoute}, …) fails. */
    public synchronized void failOn(String operation) {
        failures.add(operation);
    }

    public synchronized Set<String> namespaces() {
        return Set.copyOf(namespaces);
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** The namespace's default route of a family. */
    public synchronized Optional<Route> defaultRoute(Path namespace, boolean ipv6) {
        return Optional.ofNullable(routes.get(key(namespace, ipv6)));
    }

    @Override
    public synchronized Path createNamespace(String sandboxId) throws EngineException {
        call("createNamespace", sandboxId);
        namespaces.add(sandboxId);
        return path(sandboxId);
    }

    /** As the production host: the namespace made, and counted as held until the hold is closed (once). */
    @Override
    public HeldNamespace createHeldNamespace(String sandboxId) throws EngineException {
        Path path = createNamespace(sandboxId);
        synchronized (this) {
            held.add(sandboxId);
        }
        return new HeldNamespace() {
            @Override
            public Path path() {
                return path;
            }

            @Override
            public void close() {
                synchronized (FakeSandboxHost.this) {
                    held.remove(sandboxId);
                }
            }
        };
    }

    /** The sandboxes whose namespace a start holds right now ({@link #createHeldNamespace}). */
    public synchronized Set<String> held() {
        return Set.copyOf(held);
    }

    @Override
    public synchronized void deleteNamespace(String sandboxId) throws EngineException {
        call("deleteNamespace", sandboxId);
        namespaces.remove(sandboxId);
        routes.keySet().removeIf(key -> key.startsWith(path(sandboxId) + " "));
    }

    @Override
    public synchronized void setDefaultRoute(
            Path namespace, boolean ipv6, Optional<InetAddress> gateway, String interfaceName) throws EngineException {
        call(
                "setDefaultRoute",
                namespace + " " + (ipv6 ? "v6" : "v4") + " "
                        + gateway.map(InetAddress::getHostAddress).orElse("-"));
        if (!namespaces.contains(namespace.getFileName().toString())) {
            throw new EngineException(ErrorKind.INTERNAL, "no namespace " + namespace);
        }
        if (gateway.isPresent()) {
            routes.put(key(namespace, ipv6), new Route(gateway.get(), interfaceName));
        } else {
            routes.remove(key(namespace, ipv6));
        }
    }

    @Override
    public synchronized String hostResolvConf() throws EngineException {
        call("hostResolvConf", "");
        return resolvConf;
    }

    public static Path path(String sandboxId) {
        return Path.of("/run/shoal/netns", sandboxId);
    }

    private static String key(Path namespace, boolean ipv6) {
        return namespace + " " + (ipv6 ? "v6" : "v4");
    }

    private void call(String operation, String object) throws EngineException {
        calls.add(operation + " " + object);
        if (failures.remove(operation)) {
            throw new EngineException(ErrorKind.INTERNAL, operation + " " + object + ": injected failure");
        }
    }
}
