package io.shoal.driver.bridge;

import io.shoal.driver.support.KernelAction;
import io.shoal.netlink.KernelException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The veth pairs of hand-over joins made ahead of the join, on a background thread of their own ({@link
 * io.shoal.spi.InterfaceHandOver#prepareHandOver}): dockerd's {@code Join} comes a few milliseconds after its {@code
 * CreateEndpoint} (its own bookkeeping in between), and the pair's kernel work (the veth, its bridge port) is most of
 * what the join does, so it overlaps dockerd's work instead of following it.
 *
 * <p>A pair made ahead is in no record until its join records it: a crash in between leaves a {@code veth} of Shoal's
 * name on a bridge carrying Shoal's mark, which the next start removes as an orphan ({@link MarkedLinks}); so pairs are
 * only prepared on bridges the driver made (and marked). The work's own failure undoes what it made; the join takes
 * that failure as its own.
 */
final class PreparedPairs {
    private static final System.Logger LOG = System.getLogger(PreparedPairs.class.getName());

    /**
     * A pair being made, or made, for one endpoint.
     *
     * @param hostVeth the host end's name
     * @param interfaceName the container end's temporary name
     * @param made completes when the work ended; exceptionally with its {@link KernelException} when it failed
     */
    record Pair(String hostVeth, String interfaceName, CompletableFuture<Void> made) {
        /** Waits for the work; throws its failure. */
        void await() throws KernelException {
            try {
                made.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw KernelException.of("waiting for veth made ahead", hostVeth, 4 /* EINTR */, null);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof KernelException kernel) {
                    throw kernel;
                }
                throw new IllegalStateException("making veth " + hostVeth + " ahead failed", e.getCause());
            }
        }

        /** Waits for the work, whatever its outcome (for a pair about to be deleted anyway). */
        void awaitQuietly() {
            try {
                await();
            } catch (KernelException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "veth " + hostVeth + " made ahead failed: " + e.getMessage());
            }
        }
    }

    private final Map<String, Pair> pairs = new ConcurrentHashMap<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "bridge-prepare");
        t.setDaemon(true);
        return t;
    });

    /**
     * Starts {@code work} (making the pair) in the background for the endpoint {@code key}, replacing nothing: a
     * second preparation of the same endpoint is ignored.
     */
    void submit(String key, String hostVeth, String interfaceName, KernelAction work) {
        CompletableFuture<Void> made = new CompletableFuture<>();
        if (pairs.putIfAbsent(key, new Pair(hostVeth, interfaceName, made)) != null) {
            return;
        }
        thread.execute(() -> {
            try {
                work.run();
                made.complete(null);
            } catch (KernelException | RuntimeException e) {
                made.completeExceptionally(e);
            }
        });
    }

    /** Whether a pair is being made, or made, for the endpoint under {@code interfaceName}; nothing is taken. */
    boolean holds(String key, String interfaceName) {
        Pair pair = pairs.get(key);
        return pair != null && pair.interfaceName().equals(interfaceName);
    }

    /** The endpoint's pair made ahead, handed to the caller (the join, or the endpoint's deletion). */
    Optional<Pair> take(String key) {
        return Optional.ofNullable(pairs.remove(key));
    }

    /** Waits until the work of every pair not yet taken has ended, whatever its outcome (for tests). */
    void awaitAll() {
        pairs.values().forEach(Pair::awaitQuietly);
    }
}
