package io.shoal.engine.containerd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the adapter talks to containerd: its gRPC {@code socket}, the containerd {@code namespace} Shoal's containers
 * live in, the {@code ioDirectory} where the stdio pipes are made, runc's state directory ({@code runcRoot}; the shim's
 * default, /run/containerd/runc, when empty), and the deadline of each unary call.
 */
public record ContainerdSettings(
        Path socket, String namespace, Path ioDirectory, Optional<Path> runcRoot, Duration callTimeout) {
    /** The containerd namespace Shoal uses unless told otherwise (dockerd uses "moby"). */
    public static final String DEFAULT_NAMESPACE = "shoal";

    public ContainerdSettings {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(ioDirectory, "ioDirectory");
        Objects.requireNonNull(runcRoot, "runcRoot");
        Objects.requireNonNull(callTimeout, "callTimeout");
    }

    /** The settings for a {@link PrivateContainerd}: everything under its data root, 10 s per call. */
    public static ContainerdSettings forPrivate(PrivateContainerd containerd) {
        return new ContainerdSettings(
                containerd.socket(),
                DEFAULT_NAMESPACE,
                containerd.layout().io(),
                Optional.of(containerd.layout().runc()),
                Duration.ofSeconds(10));
    }
}
