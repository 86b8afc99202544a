package io.shoal.engine.network;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.sandbox.SandboxRef;
import java.util.List;

/**
 * What the container side asks of the network side: attaching a container's sandbox to a network and detaching it.
 * Implemented by the network controller, the only caller of the driver SPI and IPAM.
 *
 * <p>An attach writes the endpoint's intent to the engine store, allocates addresses (IPAM), creates the endpoint and
 * joins the sandbox through the network's driver with {@code interfaceName} ({@code eth0}, {@code eth1}… in connect
 * order), then publishes the endpoint's DNS names on user-defined networks. A detach undoes all of it, DNS records
 * first, so a departed container vanishes from answers before the call returns. Default routes are not the network
 * side's business: the container side decides which endpoint gives them ({@link SandboxRef}).
 *
 * <p>Calls for one container come one at a time (the container side serialises them); calls for different
 * containers may run concurrently.
 */
public interface NetworkAttachments {
    /**
     * The network named {@code idOrName} (Docker's lookup rules, as {@link NetworkBackend}), its {@code containers}
     * left empty (see {@link NetworkBackend#inspect} for them); NOT_FOUND when unknown.
     */
    NetworkView find(String idOrName) throws EngineException;

    /**
     * Attaches the sandbox to the network. CONFLICT when this container is already attached to it ({@code container
     * NAME is already attached to network NET}) or a fixed address is taken; INVALID_ARGUMENT for an address outside
     * the network's subnets, for a fixed address on a network without a user-given subnet, or an alias on a
     * predefined network; FORBIDDEN for {@code host}/{@code none} combined with other networks. Nothing is left
     * behind when it fails.
     */
    EndpointView attach(SandboxRef sandbox, String networkId, EndpointSettings settings, String interfaceName)
            throws EngineException;

    /**
     * Detaches the container from the network: DNS records withdrawn, the driver's leave and endpoint delete, the
     * addresses released, the endpoint record deleted. NOT_FOUND when it is not attached. Idempotent after a crash:
     * whatever part is already gone is skipped.
     */
    void detach(String containerId, String networkId) throws EngineException;

    /**
     * Publishes {@code ports} on the container's endpoint on the network (the endpoint that gives the sandbox its
     * default route: published traffic comes in through it), replacing what was published there before; an empty list
     * withdraws them. Host ports asked as any ({@link PortRequest#anyHostPort()}) or as a range are chosen by the
     * network side. All or nothing: on failure the earlier ports stay.
     *
     * @return the bindings made, one per request, with the host port taken; empty on networks that publish nothing
     *     (drivers {@code host}, {@code null}, and drivers without port publishing, such as macvlan)
     * @throws EngineException NOT_FOUND when the container is not attached to the network; CONFLICT when a host port
     *     asked for is taken (naming it), or no port of a range is free; FORBIDDEN on an {@code --internal} network
     */
    default List<PublishedPort> programPorts(String containerId, String networkId, List<PortRequest> ports)
            throws EngineException {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "publishing ports is not implemented here");
    }

    /** The container's endpoints, in attach order. */
    List<EndpointView> endpointsOf(String containerId);

    /**
     * Every joined endpoint of every network, whatever container it names (the engine's start compares them with the
     * containers it knows, to remove the endpoints of containers that are gone). The default knows none.
     */
    default List<EndpointView> endpoints() {
        return List.of();
    }
}
