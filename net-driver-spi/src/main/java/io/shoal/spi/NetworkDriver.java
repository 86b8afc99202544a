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
    /** The type name users pass as {@code docker network create -d TYPE}; the same as its provider's. */
    String type();

    /** What the driver offers; asked once, after the driver is made. */
    Capabilities capabilities();

    /**
     * Called by {@code docker network create}, after IPAM handed out the pools and gateways. Makes the network's
     * kernel state (links, gateway addresses, sysctls, firewall rules). Options are checked here: an unknown or
     * malformed option is a {@link ErrorKind#INVALID_ARGUMENT} error that names it, and nothing is changed.
     */
    void createNetwork(NetworkConfig config);

    /**
     * Called by {@code docker network rm} when no endpoint is left. Removes everything {@link #createNetwork} made,
     * and nothing else (a link the user made before stays). A driver that is also {@link DeferredTeardown} may finish
     * the kernel work after returning; the network is out of service and its names are free as soon as this returns.
     *
     * @throws DriverException NOT_FOUND for an unknown network; FORBIDDEN while endpoints remain
     */
    void deleteNetwork(String networkId);

    /**
     * Called when a container is connected, before {@link #join}: records the endpoint's addresses and settles its
     * MAC address (the driver may choose one). Changes no kernel state.
     */
    EndpointInfo createEndpoint(EndpointConfig config);

    /** Called after {@link #leave} (or instead of it when join never happened): forgets the endpoint. */
    void deleteEndpoint(String networkId, String endpointId);

    /** What the driver knows of an endpoint, for {@code docker network inspect}; read only, any time. */
    EndpointInfo endpointInfo(String networkId, String endpointId);

    /**
     * Plugs the endpoint into the sandbox: makes its interface inside the sandbox's namespace named
     * {@link JoinRequest#interfaceName()}, with MAC, addresses and (when it is the gateway endpoint) the default
     * routes. Called when the container starts or is connected while running.
     */
    JoinResult join(JoinRequest request);

    /** Undoes exactly what {@link #join} did. Called when the container stops or is disconnected. */
    void leave(String networkId, String endpointId);
}
