package io.shoal.spi;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A published port: traffic to {@code hostAddress:hostPort} (any host address when empty) goes to the container's
 * {@code containerPort}, as {@code docker run -p [HOST_IP:]HOST_PORT:CONTAINER_PORT[/PROTO]}.
 */
public record PortBinding(Protocol protocol, Optional<InetAddress> hostAddress, int hostPort, int containerPort) {
    /** Transport protocols that can be published. */
    public enum Protocol {
        TCP,
        UDP,
        SCTP;

        public String lowerCase() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PortBinding {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(hostAddress, "hostAddress");
        checkPort("host port", hostPort);
        checkPort("container port", containerPort);
    }

    private static void checkPort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw DriverException.invalid(what + " " + port + " is outside 1..65535");
        }
    }
}
