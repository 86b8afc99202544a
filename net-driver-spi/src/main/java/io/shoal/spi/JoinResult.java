package io.shoal.spi;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What a join made: the interface inside the sandbox and the gateways its default routes use (empty when the
 * endpoint is not the gateway endpoint, or the network has no way out).
 *
 * @param interfaceName the interface's name in the sandbox, as asked for in {@link JoinRequest#interfaceName()}
 * @param gatewayV4 the IPv4 next hop of the sandbox's default route, when the join made one
 * @param gatewayV6 the IPv6 next hop of the sandbox's default route, when the join made one
 */
public record JoinResult(String interfaceName, Optional<InetAddress> gatewayV4, Optional<InetAddress> gatewayV6) {
    /** @throws NullPointerException when a component is null */
    public JoinResult {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(gatewayV4, "gatewayV4");
        Objects.requireNonNull(gatewayV6, "gatewayV6");
    }
}
