package io.shoal.spi;

/**
 * Optional capability of a {@link NetworkDriver}: a join for an engine that owns the sandbox and moves the interface
 * into it itself, as dockerd does with a remote network plugin (libnetwork's remote {@code Join} reply names the
 * interface, {@code InterfaceName{SrcName, DstPrefix}}; dockerd moves {@code SrcName} into the sandbox, renames it
 * {@code DstPrefix} + index, and sets its addresses and routes).
 *
 * <p>Such a join makes everything a {@link NetworkDriver#join} makes outside the sandbox (the host end, its bridge
 * port, the endpoint's MAC address and MTU on the container end), but leaves the container end down in the driver's
 * host namespace under {@link JoinRequest#interfaceName()}, and never opens the sandbox. Its {@link
 * NetworkDriver#leave} does not touch the sandbox either (the engine takes the interface out of it, before or after
 * the leave); the pair is deleted wherever its container end then is. Everything else — records, restore,
 * published ports — is as for a normal join. Concurrency as {@link NetworkDriver#join}.
 */
public interface InterfaceHandOver {
    /**
     * Joins the endpoint for a hand-over.
     *
     * @param request the endpoint, the engine's sandbox (recorded, never opened) and the temporary name of the
     *     container end in the host namespace (at most 15 bytes, unique on the host); {@link JoinRequest#handOver()}
     *     is taken as true whatever it says
     * @return the temporary name and the gateways the engine's default routes should use (empty for an internal
     *     network, or when the request is not the gateway endpoint's)
     * @throws DriverException as {@link NetworkDriver#join}; CONFLICT also when the temporary name is taken in the
     *     host namespace
     */
    JoinResult joinForHandOver(JoinRequest request);
}
