package io.shoal.engine.container;

import io.shoal.engine.container.ContainerRecord.Attachment;
import io.shoal.engine.dns.NameService;
import io.shoal.engine.dns.SeededNames;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.network.EndpointRecord;
import io.shoal.engine.network.NetworkRecord;
import io.shoal.engine.network.Records;
import io.shoal.engine.network.StoredNames;
import io.shoal.engine.sandbox.SandboxHost;
import io.shoal.engine.store.EngineStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The first step of an engine restart, before the drivers, the runtime and the controllers' restore: answers DNS
 * inside the running containers again from the store alone. Every JOINED endpoint of a READY user-defined network
 * publishes its names ({@link StoredNames}), and every container recorded RUNNING on such a network gets its resolver
 * attached in its sandbox namespace (the bind mount outlives the engine, docs/engine.md "Restart").
 *
 * <p>Nothing is removed here: a container that died meanwhile gets a resolver too, which the controllers' restore
 * detaches when it tears that sandbox down. The restore attaches the same resolvers again, which {@link
 * NameService#attachResolver} keeps as they are. A resolver that cannot be attached is logged and left to the restore.
 * The resolvers are attached by a few threads at once ({@link ParallelAttach}); the step returns when all are done.
 */
public final class EarlyDns {
    private static final Logger LOG = Logger.getLogger(EarlyDns.class.getName());

    /**
     * Resolvers attached at once: each attach mostly waits (entering the namespace, binding through the event loop,
     * the redirect probe), so a few threads cut the time for many containers well below one attach after another.
     */
    private static final int ATTACH_THREADS = 8;

    private final EngineStore store;
    private final NameService names;
    private final SandboxHost host;

    /**
     * What the step did: endpoints published, resolvers attached, resolvers that failed, and seeded names, networks
     * and resolvers taken back because the store does not hold them ({@link SeededNames}).
     */
    public record Served(int endpoints, int resolvers, int failed, int corrected) {}

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
        return serve(SeededNames.none());
    }

    /**
     * As {@link #serve()}, after a start that already published and attached {@code seeded} from the early DNS side
     * files: the store's names replace them, and what of them the store does not hold is taken back ({@link
     * SeedCorrection}).
     *
     * @throws EngineException when the store cannot be read (one resolver failing is not an error)
     */
    public Served serve(SeededNames seeded) throws EngineException {
        Map<String, NetworkRecord> networks = store.load(Records.NETWORKS);
        Map<String, EndpointRecord> stored = store.load(Records.ENDPOINTS);
        int endpoints = StoredNames.publish(networks, stored, names);
        String hostText = host.hostResolvConf();
        List<ContainerRecord> running = store.load(ContainerController.CONTAINERS).values().stream()
                .filter(record -> wantsResolver(record, networks))
                .toList();
        AtomicInteger resolvers = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ParallelAttach.run(running, ATTACH_THREADS, record -> {
            if (attach(record, hostText)) {
                resolvers.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
        });
        Set<String> wanted = running.stream().map(ContainerRecord::id).collect(Collectors.toSet());
        int corrected =
                SeedCorrection.apply(seeded, networks, stored, wanted, names).total();
        return new Served(endpoints, resolvers.get(), failed.get(), corrected);
    }

    /** Attaches one container's resolver; false (logged) when it could not be. */
    private boolean attach(ContainerRecord record, String hostText) {
        Path namespace = Path.of(record.sandboxKey().orElseThrow());
        try {
            names.attachResolver(
                    record.id(), namespace, SandboxSetup.upstreams(names, SpecCodec.load(record.spec()), hostText));
            return true;
        } catch (EngineException | RuntimeException e) {
            LOG.log(Level.WARNING, "early DNS: no resolver for container " + record.id() + " yet", e);
            return false;
        }
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
