package io.shoal.spi;

/**
 * A network driver: it makes a network's broadcast domain (a bridge, a macvlan parent) and plugs endpoints into
 * sandboxes. Modelled on libnetwork's {@code driverapi.Driver}, with one difference: a Shoal driver does the plumbing
 * in the sandbox's namespace itself (it creates the container's interface there, with its final name, addresses and
 * routes), so the engine never moves interfaces around after the fact.
 *
 * <p>Concurrency: the engine serialises calls that name the same network, and calls that name the same endpoint.
 * Calls for different networks, and for different endpoints of one network, may run concurrently, so a driver guards
 * its shared state. Every method either does all it says or, on failure, undoes what it did before throwing a
 * {@link DriverException}.
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
