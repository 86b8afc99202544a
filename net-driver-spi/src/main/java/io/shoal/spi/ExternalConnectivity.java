package io.shoal.spi;

import java.util.List;

/**
 * Optional capability of a {@link NetworkDriver}: publishing container ports on the host and giving the endpoint
 * a way out (libnetwork's {@code ProgramExternalConnectivity}). Called after {@link NetworkDriver#join} on the
 * sandbox's gateway endpoint only; may run concurrently for different endpoints.
 */
public interface ExternalConnectivity {
    /**
     * Publishes {@code ports} for the endpoint, replacing what was published for it before, and records them in the
     * driver's store so a restart keeps them. When the firewall refuses the change, the endpoint's earlier ports stay
     * as they were.
     *
     * @param networkId the endpoint's network
     * @param endpointId the endpoint, joined
     * @param ports the bindings ({@code docker run -p}); empty to publish nothing
     * @throws DriverException NOT_FOUND for an unknown network or endpoint; FORBIDDEN for ports on an internal
     *     network; UNAVAILABLE when the store cannot be written; INTERNAL when the firewall refuses the change
     */
    void programExternalConnectivity(String networkId, String endpointId, List<PortBinding> ports);

    /**
     * Removes what {@link #programExternalConnectivity} added for the endpoint; a no-op when nothing was. Called before
     * {@link NetworkDriver#leave}, which also calls it itself when the engine did not.
     *
     * @param networkId the endpoint's network
     * @param endpointId the endpoint
     * @throws DriverException NOT_FOUND for an unknown network or endpoint; UNAVAILABLE when the store cannot be
     *     written; INTERNAL when the firewall refuses the change
     */
    void revokeExternalConnectivity(String networkId, String endpointId);
}
