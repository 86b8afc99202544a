package io.shoal.engine.network;

import java.util.Objects;
import java.util.Optional;

/**
 * One published port of an endpoint, as stored: protocol ({@code tcp}, {@code udp}, {@code sctp}), host address text
 * (empty: every address), host port and container port.
 */
public record PortRecord(String protocol, Optional<String> hostAddress, int hostPort, int containerPort) {
    public PortRecord {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(hostAddress, "hostAddress");
    }
}
