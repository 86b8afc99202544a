package io.shoal.bench.bridge;

import io.shoal.bench.BenchAddressing;
import io.shoal.bench.BenchNamespaces;
import io.shoal.bench.JoinCosts;
import io.shoal.bench.Latencies;
import io.shoal.driver.bridge.BridgeDriverProvider;
import io.shoal.driver.support.testing.MapDriverStore;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.spi.DeferredTeardown;
import io.shoal.spi.DriverContext;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.DriverStore;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.NetworkDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bridge driver's costs on the real kernel: endpoint join and leave (container end created in a fresh
 * namespace, IPv4 + IPv6, default routes), 50 joins at once, and network create + delete. Namespaces named
 * {@code shoalbench-br-*}, all removed at the end. Run with bench/bridge-join.sh, which runs it inside a namespace of
 * its own.
 */
public final class BridgeJoinBench {
    private static final String PREFIX = "shoalbench-br-";
    /** Networks 10.90.THIRD.0/24 + fd90:0:THIRD::/64. */
    private static final BenchAddressing ADDRESSES = new BenchAddressing(90);

    private static final int ENDPOINTS = 200;
    private static final int PARALLEL = 50;
    private static final int NETWORKS = 50;
    private static final int WARMUP = 20;

    private final List<NetworkNamespace> sandboxes = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        new BridgeJoinBench().run();
    }

    private void run() throws Exception {
        BenchNamespaces.deleteAll(PREFIX);
        try (NetworkNamespace host = NetworkNamespace.create(PREFIX + "host")) {
            for (int i = 0; i < ENDPOINTS; i++) {
                sandboxes.add(NetworkNamespace.create(PREFIX + "c" + i));
            }
            NetworkDriver driver = driver(host, new MapDriverStore());
            measureNetworks(driver);
            JoinCosts joins = new JoinCosts(driver, sandboxes, ADDRESSES.shapes(DriverOptions.empty()));
            joins.measureJoins();
            joins.measureParallelJoins(PARALLEL);
            // The last network's background teardown needs the host namespace, which closes next.
            settle(driver);
        } finally {
            for (NetworkNamespace sandbox : sandboxes) {
                sandbox.close();
            }
            BenchNamespaces.deleteAll(PREFIX);
        }
    }

    private static NetworkDriver driver(NetworkNamespace host, DriverStore store) {
        return new BridgeDriverProvider()
                .create(new DriverContext(
                        Path.of("/nonexistent"),
                        Map.of(),
                        Map.of(NetworkNamespace.class, host, DriverStore.class, store)));
    }

    /**
     * Network create and delete as the caller sees them (the driver's background teardown is let finish between
     * iterations, outside the timed window), and the full cycle including that teardown.
     */
    private static void measureNetworks(NetworkDriver driver) {
        Latencies create = new Latencies(NETWORKS);
        Latencies delete = new Latencies(NETWORKS);
        Latencies both = new Latencies(NETWORKS);
        Latencies cycle = new Latencies(NETWORKS);
        for (int i = 0; i < NETWORKS + WARMUP; i++) {
            NetworkConfig config =
                    ADDRESSES.network(String.format("%064x", 0x1000 + i), i % 200, DriverOptions.empty());
            long start = System.nanoTime();
            driver.createNetwork(config);
            long made = System.nanoTime();
            driver.deleteNetwork(config.id());
            long end = System.nanoTime();
            settle(driver);
            long settled = System.nanoTime();
            if (i >= WARMUP) {
                create.add(made - start);
                delete.add(end - made);
                both.add(end - start);
                cycle.add(settled - start);
            }
        }
        System.out.println(create.summary("network create"));
        System.out.println(delete.summary("network delete (call returns)"));
        System.out.println(both.summary("network create+delete (calls)"));
        System.out.println(cycle.summary("  ... + background teardown"));
    }

    private static void settle(NetworkDriver driver) {
        if (driver instanceof DeferredTeardown deferred) {
            deferred.awaitTeardown(Duration.ofSeconds(30));
        }
    }
}
