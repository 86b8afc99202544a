package io.shoal.driver.bridge;

import io.shoal.spi.DriverException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/**
 * The conntrack flush of endpoints that left ({@link StaleFlows#endpointLeft}), run by a background {@link Reaper}
 * instead of by the leave: one flush dumps the kernel's whole conntrack hash table, which every namespace shares
 * (262,144 buckets on the test machine, ~3 ms of each disconnect; docs/performance.md). Departures queued while the
 * driver is busy are flushed together, in one dump per family.
 *
 * <p>Order: the flush deletes every flow an address took part in, so it must not run once a new endpoint holds that
 * address, or it would cut that endpoint's live connections. A departure is queued before the leave returns, hence
 * before IPAM can hand its addresses out again; a join whose addresses have a flush pending waits for that flush
 * first ({@link #awaitFlushed}), before anything is plugged. Flows made in between (a packet sent to the address
 * while nobody held it) are stale too, and deleting them is what the flush is for.
 *
 * <p>A crash before the flush loses only this clean-up, never correctness: the flows of the endpoint's published ports
 * went with its ports, synchronously ({@code withdraw}); what is left involves an address no interface holds, and
 * such an entry ends on expiry or, once a new endpoint holds the address, on the reset that endpoint answers a stray
 * segment with — the outcome the flush would have brought (see {@link StaleFlows}).
 */
final class DepartedFlows {
    private final BiConsumer<String, Collection<InetAddress>> flush;
    private final Reaper<Departure> reaper;
    /** Departures not yet flushed, in the order of their leave. */
    private final Queue<Departure> queued = new ConcurrentLinkedQueue<>();
    /** Per address: the flush of its latest departure (done once it ran, whether or not the kernel obliged). */
    private final Map<InetAddress, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

    /**
     * Flushes with {@code flush} ({@code BridgeKernel::forgetFlows}: endpoint ids for the log, addresses; it logs and
     * never throws), each after a quiet moment of {@code activity} of at most {@code longestDelay}.
     */
    DepartedFlows(BiConsumer<String, Collection<InetAddress>> flush, ActivityClock activity, Duration longestDelay) {
        this.flush = flush;
        this.reaper = new Reaper<>("bridge-conntrack-flush", this::flushQueued, activity, longestDelay);
    }

    /** Queues the flush of a departed endpoint's {@code addresses}; call before the leave returns. */
    void submit(String endpointId, Collection<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            return;
        }
        Departure departure = new Departure(endpointId, List.copyOf(addresses), new CompletableFuture<>());
        for (InetAddress address : departure.addresses()) {
            pending.put(address, departure.done());
        }
        queued.add(departure);
        reaper.submit(departure);
    }

    /**
     * Returns once no flush of any of {@code addresses} is pending: a join calls this before it plugs anything.
     *
     * @throws DriverException INTERNAL when interrupted while waiting
     */
    void awaitFlushed(Collection<InetAddress> addresses) {
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (InetAddress address : addresses) {
            CompletableFuture<Void> done = pending.get(address);
            if (done != null) {
                waits.add(done);
            }
        }
        if (waits.isEmpty()) {
            return;
        }
        reaper.flush(); // needed now: no waiting for a quiet moment
        try {
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw DriverException.internal("the conntrack flush of " + addresses + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DriverException.internal("interrupted while waiting for the conntrack flush of " + addresses, e);
        }
    }

    /**
     * Waits for every flush queued so far.
     *
     * @throws DriverException UNAVAILABLE on timeout
     */
    void await(Duration timeout) {
        reaper.await(timeout);
    }

    /** Flushes every departure queued so far in one call (nothing when an earlier call took this one's too). */
    private void flushQueued(Departure trigger) {
        if (trigger.done().isDone()) {
            return;
        }
        List<Departure> batch = new ArrayList<>();
        for (Departure d = queued.poll(); d != null; d = queued.poll()) {
            batch.add(d);
        }
        Set<InetAddress> addresses = new LinkedHashSet<>();
        batch.forEach(d -> addresses.addAll(d.addresses()));
        try {
            flush.accept(
                    String.join(", ", batch.stream().map(Departure::endpointId).toList()), addresses);
        } finally {
            // Whatever happened, a join waiting for one of these addresses must wake: the flush did what it could.
            for (Departure d : batch) {
                d.done().complete(null);
                d.addresses().forEach(a -> pending.remove(a, d.done()));
            }
        }
    }

    private record Departure(String endpointId, List<InetAddress> addresses, CompletableFuture<Void> done) {}
}
