package io.shoal.bench.bridge;

import io.shoal.bench.JoinCosts;
import io.shoal.bench.Latencies;
import io.shoal.driver.bridge.BridgeDriverProvider;
import io.shoal.driver.support.testing.MapDriverStore;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.spi.DeferredTeardown;
import io.shoal.spi.DriverContext;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.DriverStore;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.IpamData;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.NetworkDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bridge driver's costs on the real kernel: endpoint join and leave (container end created in a fresh
 * namespace, IPv4 + IPv6, default routes), 50 joins at once, and network create + delete. Namespaces named
 * {@code shoalbench-br-*}, all removed at the end. Run with bench/bridge-join.sh, which runs it inside a namespace of
 * its own.
 */
public final class BridgeJoinBench {
    private static final String PREFIX = "shoalbench-br-";
    private static final int ENDPOINTS = 200;
    private static final int PARALLEL = 50;
    private static final int NETWORKS = 50;
    private static final int WARMUP = 20;

    private final List<NetworkNamespace> sandboxes = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        new BridgeJoinBench().run();
    }

    private void run() throws Exception {
        NetworkNamespace.names().stream().filter(n -> n.startsWith(PREFIX)).forEach(BridgeJoinBench::deleteQuietly);
        try (NetworkNamespace host = NetworkNamespace.create(PREFIX + "host")) {
            for (int i = 0; i < ENDPOINTS; i++) {
                sandboxes.add(NetworkNamespace.create(PREFIX + "c" + i));
            }
            NetworkDriver driver = driver(host, new MapDriverStore());
            measureNetworks(driver);
            JoinCosts joins = new JoinCosts(driver, sandboxes, new JoinCosts.Shapes() {
                @Override
                public NetworkConfig network(String id, int third) {
                    return BridgeJoinBench.network(id, third);
                }

                @Override
                public EndpointConfig endpoint(String networkId, String endpointId, int third, int n) {
                    return endpointConfig(networkId, endpointId, third, n);
                }
            });
            joins.measureJoins();
            joins.measureParallelJoins(PARALLEL);
            // The last network's background teardown needs the host namespace, which closes next.
            settle(driver);
        } finally {
            for (NetworkNamespace sandbox : sandboxes) {
                sandbox.close();
            }
            NetworkNamespace.names().stream().filter(n -> n.startsWith(PREFIX)).forEach(BridgeJoinBench::deleteQuietly);
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
            NetworkConfig config = network(String.format("%064x", 0x1000 + i), i % 200);
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

    private static NetworkConfig network(String id, int third) {
        IpamData v4 = new IpamData(
                "local",
                IpPrefix.parse("10.90." + third + ".0/24"),
                Optional.of(IpPrefix.parse("10.90." + third + ".1/24")),
                Map.of());
        IpamData v6 = new IpamData(
                "local",
                IpPrefix.parse("fd90:0:" + Integer.toHexString(third) + "::/64"),
                Optional.of(IpPrefix.parse("fd90:0:" + Integer.toHexString(third) + "::1/64")),
                Map.of());
        return new NetworkConfig(
                id, "bench" + id.substring(60), DriverOptions.empty(), Map.of(), List.of(v4), List.of(v6), false);
    }

    private static EndpointConfig endpointConfig(String networkId, String endpointId, int third, int n) {
        return new EndpointConfig(
                networkId,
                endpointId,
                Optional.of(IpPrefix.parse("10.90." + third + "." + (n + 2) + "/24")),
                Optional.of(IpPrefix.parse(
                        "fd90:0:" + Integer.toHexString(third) + "::" + Integer.toHexString(n + 2) + "/64")),
                Optional.empty(),
                DriverOptions.empty());
    }

    private static void deleteQuietly(String name) {
        try {
            NetworkNamespace.delete(name);
        } catch (KernelException e) {
            System.err.println("could not delete namespace " + name + ": " + e.getMessage());
        }
    }
}
