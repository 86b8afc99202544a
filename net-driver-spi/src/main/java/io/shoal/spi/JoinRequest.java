package io.shoal.spi;

import java.util.Objects;

/**
 * Plug an endpoint into a sandbox ({@link NetworkDriver#join}; libnetwork's {@code Join}).
 *
 * @param networkId the endpoint's network
 * @param endpointId the endpoint, as created by {@link NetworkDriver#createEndpoint}
 * @param sandbox the container's network namespace
 * @param interfaceName the name the interface gets inside the sandbox: {@code eth0}, {@code eth1}… in attach order,
 *     chosen by the engine (at most 15 bytes, Linux's IFNAMSIZ less the NUL). Docker's {@code
 *     com.docker.network.container_iface_prefix} is the engine's to apply; Shoal's engine always uses {@code eth}
 * @param gatewayEndpoint true when this network provides the sandbox's default routes
 * @param handOver true when the engine moves the interface into the sandbox itself ({@link InterfaceHandOver}): the
 *     container end is then left in the driver's host namespace, named {@code interfaceName}, and the sandbox is not
 *     touched; false for Shoal's own engine, which lets the driver plug the sandbox
 */
public record JoinRequest(
        String networkId,
        String endpointId,
        SandboxRef sandbox,
        String interfaceName,
        boolean gatewayEndpoint,
        boolean handOver) {
    /** @throws NullPointerException when a component is null */
    public JoinRequest {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(interfaceName, "interfaceName");
    }

    /** A join in which the driver plugs the sandbox itself (no hand-over): Shoal's engine's join. */
    public JoinRequest(
            String networkId, String endpointId, SandboxRef sandbox, String interfaceName, boolean gatewayEndpoint) {
        this(networkId, endpointId, sandbox, interfaceName, gatewayEndpoint, false);
    }

    /** The same join with the interface handed over to the engine ({@link InterfaceHandOver#joinForHandOver}). */
    public JoinRequest asHandOver() {
        return new JoinRequest(networkId, endpointId, sandbox, interfaceName, gatewayEndpoint, true);
    }
}
