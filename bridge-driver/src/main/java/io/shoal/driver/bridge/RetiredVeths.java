package io.shoal.driver.bridge;

import io.shoal.driver.support.DriverRecords;
import io.shoal.driver.support.KernelErrors;
import io.shoal.driver.support.Teardown;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.KernelException;
import io.shoal.spi.DriverException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * The veth pairs that leave took out of service and a background reaper deletes, since deleting a pair waits in the
 * kernel for an RCU grace period (25–35 ms on the test machine) that the caller of leave need not wait for.
 *
 * <p>Order: the pair is recorded as retired ({@link DriverRecords#saveRetired}, the host end's name) before the sandbox
 * end is taken out of service, and the record goes only once the pair is deleted; so after a crash at any point the
 * next start ({@link #restore}) deletes whatever a record names.
 *
 * <p>Names: the sandbox end leaves its name at once (renamed to its {@link BridgeEndpoint#tombstone tombstone}); the
 * host end keeps its name, derived from the network and endpoint ids, until the pair is deleted. Only a join of the
 * same endpoint needs that name again: it waits for that one deletion first ({@link #awaitDeleted}).
 */
final class RetiredVeths {
    private final BridgeKernel kernel;
    private final DriverRecords<BridgeNetwork, BridgeEndpoint> records;
    private final Reaper<String> reaper;
    /** Per host veth queued for deletion: done when the reaper's attempt ended (failed: completed exceptionally). */
    private final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

    /** Deletions wait for a quiet moment of {@code activity} (see {@link Reaper}). */
    RetiredVeths(BridgeKernel kernel, DriverRecords<BridgeNetwork, BridgeEndpoint> records, ActivityClock activity) {
        this.kernel = kernel;
        this.records = records;
        this.reaper = new Reaper<>("bridge-veth-teardown", this::deleteQueued, activity);
    }

    /**
     * Records the endpoint's pair as retired and takes its sandbox end out of service. Call with the endpoint's lock
     * held and its record {@code LEAVING}; then, once the endpoint is recorded as left, {@link #queue}.
     */
    void retire(BridgeEndpoint leaving) throws KernelException {
        BridgeEndpoint.Join join = leaving.join().orElseThrow();
        records.saveRetired(join.hostVeth());
        kernel.retirePlug(join, leaving.mac(), addresses(leaving));
    }

    /** Hands the deletion of a retired pair to the background reaper. */
    void queue(BridgeEndpoint leaving) {
        String hostVeth = leaving.join().orElseThrow().hostVeth();
        pending.put(hostVeth, new CompletableFuture<>());
        reaper.submit(hostVeth);
    }

    /**
     * Waits until a queued deletion of the pair named {@code hostVeth} has ended; if it failed, deletes the pair here.
     *
     * @throws KernelException when the pair cannot be deleted (its record stays, the next start tries again)
     */
    void awaitDeleted(String hostVeth) throws KernelException {
        CompletableFuture<Void> queued = pending.get(hostVeth);
        if (queued == null) {
            return;
        }
        reaper.flush(); // this one is needed now: no waiting for a quiet moment
        try {
            queued.get();
        } catch (ExecutionException failed) {
            deleteNow(hostVeth);
            pending.remove(hostVeth, queued);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DriverException.internal("interrupted while waiting for veth " + hostVeth + " to be deleted", e);
        }
    }

    /**
     * Waits for every deletion queued so far.
     *
     * @throws DriverException UNAVAILABLE on timeout; INTERNAL naming what could not be deleted
     */
    void await(Duration timeout) {
        reaper.await(timeout);
    }

    /** After a restart: deletes every pair a record names, then the record. */
    void restore(Teardown teardown) {
        for (String hostVeth : records.retired()) {
            boolean deleted = teardown.step("delete retired veth " + hostVeth, () -> kernel.deleteVeth(hostVeth));
            if (deleted) {
                teardown.step("forget retired veth " + hostVeth, () -> records.removeRetired(hostVeth));
            }
        }
    }

    private void deleteQueued(String hostVeth) {
        CompletableFuture<Void> queued = pending.get(hostVeth);
        boolean deleted = false;
        try {
            deleteNow(hostVeth);
            deleted = true;
        } catch (KernelException e) {
            throw KernelErrors.translate("deleting retired veth " + hostVeth, e);
        } finally {
            // Whatever ended the attempt, a join waiting for this name must wake (and delete the pair itself).
            if (queued != null && deleted) {
                pending.remove(hostVeth, queued);
                queued.complete(null);
            } else if (queued != null) {
                queued.completeExceptionally(new IllegalStateException("the deletion of veth " + hostVeth + " failed"));
            }
        }
    }

    private void deleteNow(String hostVeth) throws KernelException {
        kernel.deleteVeth(hostVeth);
        records.removeRetired(hostVeth);
    }

    private static List<IpPrefix> addresses(BridgeEndpoint endpoint) {
        return Stream.concat(endpoint.ipv4().stream(), endpoint.ipv6().stream()).toList();
    }
}
