package io.shoal.driver.bridge;

import static io.shoal.driver.bridge.BridgeFakeWorld.endpoint;
import static io.shoal.driver.bridge.BridgeFakeWorld.endpointId;
import static io.shoal.driver.bridge.BridgeFakeWorld.join;
import static io.shoal.driver.bridge.BridgeFakeWorld.network;
import static io.shoal.driver.bridge.BridgeFakeWorld.networkId;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link io.shoal.spi.NetworkDriver}'s concurrency promise, as {@link io.shoal.driver.support.SkeletonDriver} keeps
 * it: a call is paused inside the fake kernel, and another call is made meanwhile. The latches' time limits only
 * keep a broken build from hanging; nothing here is timed.
 */
class BridgeConcurrencyTest {
    private final BridgeFakeWorld world = new BridgeFakeWorld();
    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** Pauses the first step whose description contains {@code marker} until {@link #release}. */
    private void pauseAt(String marker) {
        AtomicBoolean once = new AtomicBoolean();
        world.crash.onStep(step -> {
            if (step.contains(marker) && once.compareAndSet(false, true)) {
                paused.countDown();
                await(release);
            }
        });
    }

    @Test
    void joinsOfDifferentEndpointsOfOneNetworkRunConcurrently() throws Exception {
        BridgeNetworkDriver driver = readyWithEndpoints(2, 3);
        pauseAt("add link veth");
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> driver.join(join(1, 2)));
        await(paused);
        // The first join is inside the kernel; a join of another endpoint must not wait for it.
        driver.join(join(1, 3));
        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        world.checkInvariants(driver);
    }

    @Test
    void callsOnOneEndpointAreLinearised() throws Exception {
        BridgeNetworkDriver driver = readyWithEndpoints(2);
        pauseAt("add link veth");
        CompletableFuture<Void> joining = CompletableFuture.runAsync(() -> driver.join(join(1, 2)));
        await(paused);
        Thread leaver = new Thread(() -> driver.leave(networkId(1), endpointId(2)));
        leaver.start();
        awaitBlocked(leaver);
        release.countDown();
        joining.get(30, TimeUnit.SECONDS);
        leaver.join(30_000);
        // The leave waited for the join, so it found the endpoint joined and left it.
        assertThat(BridgeFakeWorld.endpointOf(driver, 2).orElseThrow().join()).isEmpty();
        world.checkInvariants(driver);
    }

    @Test
    void deletingANetworkExcludesEndpointCallsOnIt() throws Exception {
        BridgeNetworkDriver driver = world.start();
        driver.createNetwork(network(1));
        pauseAt("rename link br-");
        CompletableFuture<Void> deleting = CompletableFuture.runAsync(() -> driver.deleteNetwork(networkId(1)));
        await(paused);
        AtomicReference<Throwable> refused = new AtomicReference<>();
        Thread creator = new Thread(() -> {
            try {
                driver.createEndpoint(endpoint(1, 2));
            } catch (DriverException e) {
                refused.set(e);
            }
        });
        creator.start();
        awaitBlocked(creator);
        release.countDown();
        deleting.get(30, TimeUnit.SECONDS);
        creator.join(30_000);
        // Had it not waited, the endpoint would now belong to a network that is gone.
        assertThat(refused.get())
                .isInstanceOf(DriverException.class)
                .extracting(e -> ((DriverException) e).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
        world.settle(driver);
        world.checkInvariants(driver);
    }

    @Test
    void aJoinWaitsForTheCreationOfItsNetworksRivalToFinishButNotForOtherNetworks() throws Exception {
        BridgeNetworkDriver driver = readyWithEndpoints(2);
        pauseAt("add link br-000000000002");
        CompletableFuture<Void> creating = CompletableFuture.runAsync(() -> driver.createNetwork(network(2)));
        await(paused);
        // Creating network 2 holds no lock that a call on network 1 needs.
        driver.join(join(1, 2));
        release.countDown();
        creating.get(30, TimeUnit.SECONDS);
        world.checkInvariants(driver);
    }

    private BridgeNetworkDriver readyWithEndpoints(int... hosts) {
        BridgeNetworkDriver driver = world.start();
        driver.createNetwork(network(1));
        for (int n : hosts) {
            world.sandbox(n);
            driver.createEndpoint(endpoint(1, n));
        }
        return driver;
    }

    /** Waits until {@code thread} blocks on a lock (or ends, which the test's assertions then catch). */
    private static void awaitBlocked(Thread thread) {
        while (thread.isAlive() && thread.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("nothing reached the pause point");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
