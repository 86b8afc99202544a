package io.shoal.engine.sandbox;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A container's network stack as the network side needs it: the container's 64-hex id and its name (without the
 * leading slash), its hostname, and the path of its network namespace (a bind mount such as
 * {@code /run/shoal/netns/<12 hex>}, ip-netns(8)).
 */
public record SandboxRef(String containerId, String containerName, String hostname, Path namespacePath) {
    public SandboxRef {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(containerName, "containerName");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(namespacePath, "namespacePath");
    }
}
