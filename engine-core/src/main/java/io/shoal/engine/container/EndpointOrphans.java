package io.shoal.engine.container;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.network.EndpointView;
import io.shoal.engine.network.NetworkAttachments;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Endpoints whose container no longer exists: a removal interrupted between the container's record and its networking
 * (issue 13), or a store written by an older engine that had that bug. Each is detached as a container's would be
 * (DNS records withdrawn, the driver's leave and endpoint delete, addresses released, record deleted) at the engine's
 * start, and by {@code docker network disconnect -f NETWORK NAME_OR_ID}, which Docker answers for a container that is
 * gone by deleting its endpoint ({@code daemon.ForceEndpointDelete}).
 */
final class EndpointOrphans {
    private static final Logger LOG = Logger.getLogger(EndpointOrphans.class.getName());

    private final NetworkAttachments networks;

    EndpointOrphans(NetworkAttachments networks) {
        this.networks = networks;
    }

    /**
     * Detaches every endpoint whose container id is not in {@code known} (the ids of the stored containers after
     * reconciliation); returns one line per endpoint removed, each also logged. A failure on one is logged, the others
     * are still removed, and the next start tries again.
     */
    List<String> remove(Set<String> known) {
        List<String> removed = new ArrayList<>();
        for (EndpointView endpoint : networks.endpoints()) {
            if (known.contains(endpoint.containerId())) {
                continue;
            }
            try {
                networks.detach(endpoint.containerId(), endpoint.networkId());
                removed.add(log("endpoint " + endpoint.endpointId() + " of gone container " + endpoint.containerName()
                        + " (" + endpoint.containerId() + ") removed from network " + endpoint.networkName()));
            } catch (EngineException | RuntimeException e) {
                LOG.log(Level.WARNING, "removing the orphaned endpoint " + endpoint.endpointId() + " failed", e);
            }
        }
        return removed;
    }

    /**
     * {@code docker network disconnect -f} for a container that does not exist: detaches the network's endpoint whose
     * container is {@code idOrName} (full id, name with or without its leading slash, or a unique id prefix).
     *
     * @throws EngineException NOT_FOUND when no endpoint of the network names that container
     */
    void forceDisconnect(String networkId, String idOrName) throws EngineException {
        String containerId =
                stale(networkId, idOrName).map(EndpointView::containerId).orElse(idOrName);
        networks.detach(containerId, networkId);
    }

    private Optional<EndpointView> stale(String networkId, String idOrName) {
        String name = idOrName.startsWith("/") ? idOrName.substring(1) : idOrName;
        List<EndpointView> onNetwork = networks.endpoints().stream()
                .filter(e -> e.networkId().equals(networkId))
                .toList();
        for (EndpointView endpoint : onNetwork) {
            if (endpoint.containerId().equals(idOrName)
                    || endpoint.containerName().equals(name)) {
                return Optional.of(endpoint);
            }
        }
        List<EndpointView> prefixed = onNetwork.stream()
                .filter(e -> !idOrName.isEmpty() && e.containerId().startsWith(idOrName))
                .toList();
        return prefixed.size() == 1 ? Optional.of(prefixed.get(0)) : Optional.empty();
    }

    private static String log(String line) {
        LOG.info(line);
        return line;
    }
}
