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

    /**
     * Starts, in the background, the kernel work of a later {@link #joinForHandOver} of this endpoint under this
     * temporary name, and returns at once: an engine that knows the name when it creates the endpoint (dockerd's
     * remote driver: its {@code Join} follows {@code CreateEndpoint}, with dockerd's own bookkeeping in between) lets
     * that work overlap its own. The join then only waits for what is not done yet, and fails as it would have (its
     * {@link DriverException}) when the work ahead failed, with nothing of it left behind; a join under another name
     * undoes it first, and so does {@link NetworkDriver#deleteEndpoint} of an endpoint that never joins. A crash
     * leaves nothing the driver's restore does not remove. By default nothing is prepared (the join does all of it).
     *
     * @param networkId the endpoint's network
     * @param endpointId an endpoint just created, not joined
     * @param interfaceName the temporary name the join will ask for (at most 15 bytes)
     * @throws DriverException NOT_FOUND for an unknown network or endpoint
     */
    default void prepareHandOver(String networkId, String endpointId, String interfaceName) {}
}
