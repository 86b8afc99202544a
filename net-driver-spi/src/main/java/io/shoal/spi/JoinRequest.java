package io.shoal.spi;

import java.util.Objects;

/**
 * Plug an endpoint into a sandbox.
 *
 * @param interfaceName the name the interface gets inside the sandbox: {@code eth0}, {@code eth1}… in attach order,
 *     chosen by the engine
 * @param gatewayEndpoint true when this network provides the sandbox's default routes
 */
public record JoinRequest(
        String networkId, String endpointId, SandboxRef sandbox, String interfaceName, boolean gatewayEndpoint) {
    public JoinRequest {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(interfaceName, "interfaceName");
    }
}
