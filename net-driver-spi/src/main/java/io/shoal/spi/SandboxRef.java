package io.shoal.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The sandbox a driver plugs an endpoint into: one container's network namespace, by the path of its namespace file
 * ({@code /run/netns/NAME} or {@code /proc/PID/ns/net}).
 *
 * @param containerId the container's id, for messages and records
 * @param namespacePath the namespace file; it exists for as long as the endpoint is joined
 */
public record SandboxRef(String containerId, Path namespacePath) {
    /** @throws NullPointerException when a component is null */
    public SandboxRef {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(namespacePath, "namespacePath");
    }
}
