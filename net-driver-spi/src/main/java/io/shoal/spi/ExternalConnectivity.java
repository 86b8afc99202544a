package io.shoal.spi;

import java.util.List;

/**
 * Optional capability of a {@link NetworkDriver}: publishing container ports on the host and giving the endpoint
 * a way out (libnetwork's {@code ProgramExternalConnectivity}). Called after {@link NetworkDriver#join} on the
 * sandbox's gateway endpoint only; may run concurrently for different endpoints.
 */
public interface ExternalConnectivity {
    /** Publishes {@code ports} for the endpoint. On failure nothing stays published. */
    void programExternalConnectivity(String networkId, String endpointId, List<PortBinding> ports);

    /** Removes what {@link #programExternalConnectivity} added for the endpoint; a no-op when nothing was. */
    void revokeExternalConnectivity(String networkId, String endpointId);
}
