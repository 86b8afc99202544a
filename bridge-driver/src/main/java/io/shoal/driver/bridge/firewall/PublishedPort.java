package io.shoal.driver.bridge.firewall;

import io.shoal.net.IpAddresses;
import io.shoal.spi.PortBinding;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A published port resolved to its container: {@code hostAddress:hostPort} (every local address when empty) to
 * {@code containerAddress:containerPort}.
 */
public record PublishedPort(
        PortBinding.Protocol protocol,
        Optional<InetAddress> hostAddress,
        int hostPort,
        InetAddress containerAddress,
        int containerPort) {
    public PublishedPort {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(hostAddress, "hostAddress");
        Objects.requireNonNull(containerAddress, "containerAddress");
        hostAddress.ifPresent(host -> {
            if (host.getClass() != containerAddress.getClass()) {
                throw new IllegalArgumentException(
                        "host address " + IpAddresses.format(host) + " and container address "
                                + IpAddresses.format(containerAddress) + " are of different families");
            }
        });
    }

    /** Whether the port is published on a loopback address, so only the host itself may reach it. */
    public boolean loopback() {
        return hostAddress.map(InetAddress::isLoopbackAddress).orElse(false);
    }
}
