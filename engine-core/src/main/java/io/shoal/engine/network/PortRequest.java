package io.shoal.engine.network;

import io.shoal.engine.container.ContainerPort;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One port a container asks to publish ({@code docker run -p [HOST_IP:][HOST_PORT[-END]]:CONTAINER_PORT[/PROTO]}),
 * with its host side resolved from Docker's text: the host address (empty: every address of both families) and the
 * host ports the engine may choose from, {@code hostPortLow..hostPortHigh} inclusive. {@code 0..0} means any free
 * port, which the network side picks from Linux's default ephemeral range 32768–60999 as Docker does
 * ({@code net.ipv4.ip_local_port_range}, ip-sysctl(7)).
 */
public record PortRequest(
        ContainerPort containerPort, Optional<InetAddress> hostAddress, int hostPortLow, int hostPortHigh) {
    /**
     * @throws IllegalArgumentException when the range is not {@code 0..0} or within 1..65535 with low ≤ high (the
     *     container side checks the user's text first, see {@link #of})
     */
    public PortRequest {
        Objects.requireNonNull(containerPort, "containerPort");
        Objects.requireNonNull(hostAddress, "hostAddress");
        boolean any = hostPortLow == 0 && hostPortHigh == 0;
        if (!any && (hostPortLow < 1 || hostPortHigh > 65535 || hostPortLow > hostPortHigh)) {
            throw new IllegalArgumentException(
                    "host ports " + hostPortLow + "-" + hostPortHigh + " are not a range" + " within 1-65535");
        }
    }

    /** Any free host port on every host address. */
    public static PortRequest anyPort(ContainerPort containerPort) {
        return new PortRequest(containerPort, Optional.empty(), 0, 0);
    }

    /**
     * Checks the user's numbers, then makes the request.
     *
     * @throws EngineException INVALID_ARGUMENT naming the range when it is neither {@code 0-0} nor within 1–65535
     *     with low ≤ high
     */
    public static PortRequest of(ContainerPort containerPort, Optional<InetAddress> hostAddress, int low, int high)
            throws EngineException {
        try {
            return new PortRequest(containerPort, hostAddress, low, high);
        } catch (IllegalArgumentException e) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT, "invalid host port range for " + containerPort + ": " + e.getMessage());
        }
    }

    /** Whether the engine chooses the port ({@code 0..0}). */
    public boolean anyHostPort() {
        return hostPortLow == 0;
    }
}
