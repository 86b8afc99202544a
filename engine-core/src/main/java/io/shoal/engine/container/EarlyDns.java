package io.shoal.engine.container;

import io.shoal.engine.container.ContainerRecord.Attachment;
import io.shoal.engine.dns.NameService;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.network.NetworkRecord;
import io.shoal.engine.network.Records;
import io.shoal.engine.network.StoredNames;
import io.shoal.engine.sandbox.SandboxHost;
import io.shoal.engine.store.EngineStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The first step of an engine restart, before the drivers, the runtime and the controllers' restore: answers DNS
 * inside the running containers again from the store alone. Every JOINED endpoint of a READY user-defined network
 * publishes its names ({@link StoredNames}), and every container recorded RUNNING on such a network gets its resolver
 * attached in its sandbox namespace (the bind mount outlives the engine, docs/engine.md "Restart").
 *
 * <p>Nothing is removed here: a container that died meanwhile gets a resolver too, which the controllers' restore
 * detaches when it tears that sandbox down. The restore attaches the same resolvers again, which {@link
 * NameService#attachResolver} keeps as they are. A resolver that cannot be attached is logged and left to the restore.
 */
public final class EarlyDns {
    private static final Logger LOG = Logger.getLogger(EarlyDns.class.getName());

    private final EngineStore store;
    private final NameService names;
    private final SandboxHost host;

    /** What the step did: endpoints published, resolvers attached, resolvers that failed. */
    public record Served(int endpoints, int resolvers, int failed) {}

    public EarlyDns(EngineStore store, NameService names, SandboxHost host) {
        this.store = store;
        this.names = names;
        this.host = host;
    }

    /**
     * Publishes the stored names and attaches the running containers' resolvers.
     *
     * @throws EngineException when the store cannot be read (one resolver failing is not an error)
     */
    public Served serve() throws EngineException {
        Map<String, NetworkRecord> networks = store.load(Records.NETWORKS);
        int endpoints = StoredNames.publish(networks, store.load(Records.ENDPOINTS), names);
        String hostText = host.hostResolvConf();
        int resolvers = 0;
        int failed = 0;
        for (ContainerRecord record : store.load(ContainerController.CONTAINERS).values()) {
            if (!wantsResolver(record, networks)) {
                continue;
            }
            Path namespace = Path.of(record.sandboxKey().orElseThrow());
            try {
                names.attachResolver(
                        record.id(), namespace, SandboxSetup.upstreams(names, SpecCodec.load(record.spec()), hostText));
                resolvers++;
            } catch (EngineException | RuntimeException e) {
                failed++;
                LOG.log(Level.WARNING, "early DNS: no resolver for container " + record.id() + " yet", e);
            }
        }
        return new Served(endpoints, resolvers, failed);
    }

    /**
     * A container recorded RUNNING, with a sandbox namespace of its own, on at least one network the embedded DNS
     * serves: the rule of {@link SandboxSetup#reattachResolver}, read from the stored networks.
     */
    private static boolean wantsResolver(ContainerRecord record, Map<String, NetworkRecord> networks) {
        if (record.phase() != ContainerRecord.Phase.RUNNING
                || record.sandboxKey().isEmpty()
                || record.networks().isEmpty()
                || CreateRequest.exclusiveMode(record.networks().get(0).networkName())) {
            return false;
        }
        for (Attachment attachment : record.networks()) {
            NetworkRecord network = networks.get(attachment.networkId());
            if (network != null && StoredNames.served(network)) {
                return true;
            }
        }
        return false;
    }
}
