package io.shoal.engine.resolver;

import io.shoal.engine.container.ParallelAttach;
import io.shoal.engine.dns.NameService;
import io.shoal.engine.dns.SeededNames;
import io.shoal.engine.errors.EngineException;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The very first step of an engine start on a data root with running containers: their names published and their
 * resolvers attached from the early DNS side files ({@link EarlyDnsFiles}) alone, before the store is opened, so
 * lookups inside the containers answer again as early as the JVM allows (docs/engine.md "Restart"). The store-based
 * step ({@link io.shoal.engine.container.EarlyDns#serve(SeededNames)}) follows as soon as the store is open and
 * replaces all of it, so a stale file is corrected within the same start.
 */
public final class SideFileSeed {
    private static final System.Logger LOG = System.getLogger(SideFileSeed.class.getName());

    /** Resolvers attached at once, as the store-based step does: each attach mostly waits on the kernel. */
    private static final int ATTACH_THREADS = 8;

    private SideFileSeed() {}

    /**
     * What the seed did: the side files read, endpoints published, resolvers attached and failed, and what was
     * seeded (for the store-based step to take back what the store does not hold).
     */
    public record Seeded(int files, int endpoints, int resolvers, int failed, SeededNames names) {}

    /**
     * Publishes every readable side file's names and attaches its container's resolver. Never throws for a file or
     * a resolver: an unreadable file is skipped and a failed attach logged (both left to the store-based step).
     */
    public static Seeded seed(EarlyDnsFiles files, NameService names) {
        List<EarlyDnsFile> read = files.readAll();
        Map<String, Set<String>> byNetwork = new HashMap<>();
        Set<String> resolvers = new HashSet<>();
        int endpoints = 0;
        for (EarlyDnsFile file : read) {
            for (EarlyDnsFile.Network network : file.networks()) {
                names.defineNetwork(network.name(), network.subnets(), network.ownsReverse());
                names.publish(network.name(), network.entry());
                byNetwork
                        .computeIfAbsent(network.name(), name -> new HashSet<>())
                        .add(file.containerId());
                endpoints++;
            }
            resolvers.add(file.containerId());
        }
        AtomicInteger attached = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ParallelAttach.run(read, ATTACH_THREADS, file -> {
            try {
                names.attachResolverEarly(file.containerId(), file.sandbox(), file.upstreams());
                attached.incrementAndGet();
            } catch (EngineException | RuntimeException e) {
                failed.incrementAndGet();
                LOG.log(
                        Level.WARNING,
                        "early DNS: no resolver for container " + file.containerId() + " from its side file yet: "
                                + e.getMessage());
            }
        });
        return new Seeded(read.size(), endpoints, attached.get(), failed.get(), new SeededNames(byNetwork, resolvers));
    }
}
