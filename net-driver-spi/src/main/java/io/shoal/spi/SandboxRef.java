package io.shoal.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The sandbox a driver plugs an endpoint into: one container's network namespace, by the path of its namespace file
 * ({@code /run/netns/NAME} or {@code /proc/PID/ns/net}).
 */
public record SandboxRef(String containerId, Path namespacePath) {
    public SandboxRef {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(namespacePath, "namespacePath");
    }
}
