package io.shoal.engine.container;

import io.shoal.engine.network.EndpointView;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A container as {@code docker inspect} and {@code ps} show it: 64-hex id, name (without the leading slash), creation
 * time, the image reference as given and the image's id ({@code sha256:<64 hex>}), the process path and arguments,
 * the state, the spec it was created with, the sandbox's namespace path while it has one, its endpoints by network
 * name (in attach order), the published ports as bound (container port to host bindings with the host port actually
 * chosen), the generated files, the log file, the restart count and the ids of its exec processes.
 */
public record ContainerView(
        String id,
        String name,
        Instant created,
        String image,
        String imageId,
        String path,
        List<String> args,
        ContainerState state,
        ContainerSpec spec,
        Optional<Path> sandboxKey,
        Map<String, EndpointView> networks,
        Map<ContainerPort, List<HostBinding>> ports,
        Path resolvConfPath,
        Path hostsPath,
        Path hostnamePath,
        Path logPath,
        int restartCount,
        List<String> execIds) {
    public ContainerView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(path, "path");
        args = List.copyOf(args);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(sandboxKey, "sandboxKey");
        networks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(networks));
        ports = Map.copyOf(ports);
        Objects.requireNonNull(resolvConfPath, "resolvConfPath");
        Objects.requireNonNull(hostsPath, "hostsPath");
        Objects.requireNonNull(hostnamePath, "hostnamePath");
        Objects.requireNonNull(logPath, "logPath");
        execIds = List.copyOf(execIds);
    }
}
