package io.shoal.spi;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What a join made: the interface inside the sandbox and the gateways its default routes use (empty when the
 * endpoint is not the gateway endpoint, or the network has no way out).
 */
public record JoinResult(String interfaceName, Optional<InetAddress> gatewayV4, Optional<InetAddress> gatewayV6) {
    public JoinResult {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(gatewayV4, "gatewayV4");
        Objects.requireNonNull(gatewayV6, "gatewayV6");
    }
}
