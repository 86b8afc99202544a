package io.shoal.spi;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A published port: traffic to {@code hostAddress:hostPort} (any host address when empty) goes to the container's
 * {@code containerPort}, as {@code docker run -p [HOST_IP:]HOST_PORT:CONTAINER_PORT[/PROTO]} (libnetwork's {@code
 * types.PortBinding}). Port ranges are expanded by the engine, one binding per port.
 *
 * @param protocol TCP or UDP
 * @param hostAddress the host address to bind; empty for every host address
 * @param hostPort the host port, 1–65535
 * @param containerPort the container's port, 1–65535
 */
public record PortBinding(Protocol protocol, Optional<InetAddress> hostAddress, int hostPort, int containerPort) {
    /** Transport protocols that can be published. */
    public enum Protocol {
        /** Transmission Control Protocol. */
        TCP,
        /** User Datagram Protocol. */
        UDP,
        /** Stream Control Transmission Protocol (RFC 9260). */
        SCTP;

        /** @return {@code tcp}, {@code udp} or {@code sctp}, as Docker and nftables write it */
        public String lowerCase() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @throws DriverException INVALID_ARGUMENT naming the port when one is outside 1..65535
     * @throws NullPointerException when the protocol or host address is null
     */
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
