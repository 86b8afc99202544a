package io.shoal.spi;

/**
 * A network driver: it makes a network's broadcast domain (a bridge, a macvlan parent) and plugs endpoints into
 * sandboxes. Modelled on libnetwork's {@code driverapi.Driver}, with one difference: a Shoal driver does the plumbing
 * in the sandbox's namespace itself (it creates the container's interface there, with its final name, addresses and
 * routes), so the engine never moves interfaces around after the fact.
 *
 * <p>Concurrency: the engine may call a driver from any thread at any time, with any calls at once; the driver keeps
 * these promises, and the engine may rely on them:
 *
 * <ul>
 *   <li>Calls that name one endpoint ({@link #createEndpoint}, {@link #join}, {@link #leave}, {@link
 *       #deleteEndpoint}, and {@link ExternalConnectivity}'s) take effect one at a time, in some order: each sees
 *       what the one before it left.
 *   <li>{@link #createNetwork} and {@link #deleteNetwork} exclude every endpoint call on that network: an endpoint call
 *       ends before the network starts being deleted, or starts after and finds no network (NOT_FOUND). Network
 *       creations and deletions also run one at a time, since each checks against every other network.
 *   <li>Calls on different endpoints of one network, and calls on different networks, may run concurrently.
 *   <li>{@link #endpointInfo} never waits: it shows the endpoint as the last finished call left it.
 * </ul>
 *
 * <p>Every method either does all it says or, on failure, undoes what it did before throwing a {@link
 * DriverException}. A crash of the process between any two steps is completed or cleaned up by the driver's next
 * start, or by the next attempt of the same call.
 */
public interface NetworkDriver {
    /**
     * The type name users pass as {@code docker network create -d TYPE}, e.g. {@code bridge}; the same as its
     * provider's {@link NetworkDriverProvider#type()}. Constant; asked any time.
     *
     * @return lower-case letters, digits and {@code -}; unique among the engine's network drivers
     */
    String type();

    /**
     * What the driver offers (libnetwork's {@code driverapi.Capability}); asked once, after the driver is made.
     * Constant; changes nothing.
     *
     * @return the scopes of the driver's state and connectivity
     */
    Capabilities capabilities();

    /**
     * Called by {@code docker network create}, after IPAM handed out the pools and gateways (libnetwork's {@code
     * CreateNetwork}; the remote plugin protocol's {@code NetworkDriver.CreateNetwork}). Checks the options, records
     * the network in the driver's {@link DriverStore} and makes its kernel state in the host namespace (links,
     * gateway addresses, sysctls, firewall rules). Nothing is changed when it throws.
     *
     * @param config the network: its id, name, options and pools
     * @throws DriverException INVALID_ARGUMENT for an unknown or malformed option (the message names it) or a
     *     gateway outside its pool; CONFLICT when the network id is already known, or a name, subnet or link the
     *     network needs is taken (by another network of this driver, or by the kernel); FORBIDDEN when the host
     *     denies the change; UNAVAILABLE when the store cannot be written; INTERNAL for any other kernel failure
     */
    void createNetwork(NetworkConfig config);

    /**
     * Called by {@code docker network rm} once the network's endpoints are deleted (libnetwork's {@code
     * DeleteNetwork}). Removes everything {@link #createNetwork} made, and nothing else (a link the user made before
     * stays), then forgets the network. A driver that is also {@link DeferredTeardown} may finish the kernel work after
     * returning; the network is out of service and its names and subnets are free as soon as this returns.
     *
     * @param networkId the id given to {@link #createNetwork}
     * @throws DriverException NOT_FOUND for an unknown network; FORBIDDEN while endpoints remain; UNAVAILABLE when
     *     the store cannot be written; INTERNAL when the kernel refuses to take the network out of service
     */
    void deleteNetwork(String networkId);

    /**
     * Called when a container is connected, after IPAM handed out its addresses and before {@link #join}
     * (libnetwork's {@code CreateEndpoint}). Records the endpoint in the driver's store and settles its MAC address
     * (the one asked for, or one the driver chooses). Changes no kernel state.
     *
     * @param config the endpoint: its network, id, addresses and the MAC address asked for
     * @return what the driver recorded, with the MAC address the interface will have
     * @throws DriverException NOT_FOUND for an unknown network; CONFLICT when the endpoint id is already known on
     *     the network; INVALID_ARGUMENT for an endpoint option the driver does not know, an address outside the
     *     network's pools, or a MAC address the driver cannot use; FORBIDDEN when the network takes no more
     *     endpoints (macvlan passthru); UNAVAILABLE when the store cannot be written
     */
    EndpointInfo createEndpoint(EndpointConfig config);

    /**
     * Called after {@link #leave} (or instead of it when join never happened), before IPAM frees the endpoint's
     * addresses (libnetwork's {@code DeleteEndpoint}). Forgets the endpoint and removes its record; changes no
     * kernel state.
     *
     * @param networkId the endpoint's network
     * @param endpointId the id given to {@link #createEndpoint}
     * @throws DriverException NOT_FOUND for an unknown network or endpoint; FORBIDDEN while the endpoint is joined;
     *     UNAVAILABLE when the store cannot be written
     */
    void deleteEndpoint(String networkId, String endpointId);

    /**
     * What the driver knows of an endpoint, for {@code docker network inspect} (libnetwork's {@code EndpointOperInfo}).
     * Read only; may be called at any time, concurrently with anything.
     *
     * @param networkId the endpoint's network
     * @param endpointId the id given to {@link #createEndpoint}
     * @return the endpoint's addresses, MAC address and driver-specific details
     * @throws DriverException NOT_FOUND for an unknown network or endpoint
     */
    EndpointInfo endpointInfo(String networkId, String endpointId);

    /**
     * Called when the container starts, or is connected while running (libnetwork's {@code Join}). Plugs the endpoint
     * into the sandbox: makes its interface inside the sandbox's namespace, named {@link JoinRequest#interfaceName()},
     * with its MAC address, addresses, and (when it is the gateway endpoint of a network with a way out) default
     * routes; then records the join in the store. Nothing is left behind when it throws.
     *
     * @param request the endpoint, the sandbox and the interface name
     * @return the interface made and the gateways its default routes use
     * @throws DriverException NOT_FOUND for an unknown network or endpoint, or a sandbox namespace that is gone;
     *     CONFLICT when the endpoint is already joined, or the interface name is taken in the sandbox; UNAVAILABLE
     *     when the store cannot be written; INTERNAL for any other kernel failure
     */
    JoinResult join(JoinRequest request);

    /**
     * Called when the container stops or is disconnected, before {@link #deleteEndpoint} (libnetwork's {@code Leave}).
     * Undoes exactly what {@link #join} did (and what {@link ExternalConnectivity} published for the endpoint), and
     * records that the endpoint is no longer joined; the endpoint itself stays until {@link #deleteEndpoint}.
     *
     * @param networkId the endpoint's network
     * @param endpointId the id given to {@link #createEndpoint}
     * @throws DriverException NOT_FOUND for an unknown network or endpoint, or one that is not joined; UNAVAILABLE
     *     when the store cannot be written; INTERNAL when the kernel refuses to remove the interface
     */
    void leave(String networkId, String endpointId);
}
