package io.shoal.engine.network;

import io.shoal.engine.container.ContainerPort;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A port published for a container, as made ({@code NetworkSettings.Ports["80/tcp"]} of container inspect): the
 * container port, the host address (empty: every address) and the host port actually taken, 1–65535.
 */
public record PublishedPort(ContainerPort containerPort, Optional<InetAddress> hostAddress, int hostPort) {
    public PublishedPort {
        Objects.requireNonNull(containerPort, "containerPort");
        Objects.requireNonNull(hostAddress, "hostAddress");
    }
}
