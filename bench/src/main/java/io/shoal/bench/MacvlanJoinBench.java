package io.shoal.bench;

import io.shoal.driver.support.testing.MapDriverStore;
import io.shoal.driver.vlan.MacvlanDriverProvider;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.LinkOptions;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.spi.DriverContext;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.DriverStore;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.IpamData;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.NetworkDriver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The macvlan driver's costs on the real kernel, measured as {@code bridge.BridgeJoinBench} measures the bridge
 * driver's: endpoint join and leave (macvlan made in the host, moved into a fresh namespace, renamed, IPv4 + IPv6,
 * default routes), 50 joins at once, and network create + delete, both on an existing parent and without one (the
 * driver then makes its own link). The parent is one end of a veth pair whose other end idles in the host namespace.
 * Namespaces are named {@code shoalbench-mv-*} and all removed at the end. Run with bench/macvlan-join.sh, which runs
 * it inside a namespace of its own.
 */
public final class MacvlanJoinBench {
    private static final String PREFIX = "shoalbench-mv-";
    private static final String PARENT = "uplink";
    private static final int ENDPOINTS = 200;
    private static final int PARALLEL = 50;
    private static final int NETWORKS = 50;
    private static final int WARMUP = 20;

    private final List<NetworkNamespace> sandboxes = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        new MacvlanJoinBench().run();
    }

    private void run() throws Exception {
        NetworkNamespace.names().stream().filter(n -> n.startsWith(PREFIX)).forEach(MacvlanJoinBench::deleteQuietly);
        try (NetworkNamespace host = NetworkNamespace.create(PREFIX + "host")) {
            try (NetlinkHandle handle = NetlinkHandle.openIn(host)) {
                handle.linkAdd(new LinkSpec.Veth(
                        LinkOptions.named(PARENT).withUp(true), LinkOptions.named("uplinkpeer"), OptionalInt.empty()));
                handle.linkSetUp("uplinkpeer");
            }
            for (int i = 0; i < ENDPOINTS; i++) {
                sandboxes.add(NetworkNamespace.create(PREFIX + "c" + i));
            }
            NetworkDriver driver = driver(host, new MapDriverStore());
            measureNetworks(driver, true);
            measureNetworks(driver, false);
            JoinCosts joins = new JoinCosts(driver, sandboxes, new JoinCosts.Shapes() {
                @Override
                public NetworkConfig network(String id, int third) {
                    return MacvlanJoinBench.network(id, third, true);
                }

                @Override
                public EndpointConfig endpoint(String networkId, String endpointId, int third, int n) {
                    return endpointConfig(networkId, endpointId, third, n);
                }
            });
            joins.measureJoins();
            joins.measureParallelJoins(PARALLEL);
        } finally {
            for (NetworkNamespace sandbox : sandboxes) {
                sandbox.close();
            }
            NetworkNamespace.names().stream()
                    .filter(n -> n.startsWith(PREFIX))
                    .forEach(MacvlanJoinBench::deleteQuietly);
        }
    }

    private static NetworkDriver driver(NetworkNamespace host, DriverStore store) {
        return new MacvlanDriverProvider()
                .create(new DriverContext(
                        Path.of("/nonexistent"),
                        Map.of(),
                        Map.of(NetworkNamespace.class, host, DriverStore.class, store)));
    }

    /** Create + delete on the existing parent (nothing to make), or without a parent (the driver makes a link). */
    private static void measureNetworks(NetworkDriver driver, boolean onParent) {
        Latencies create = new Latencies(NETWORKS);
        Latencies delete = new Latencies(NETWORKS);
        String what = onParent ? "network on parent" : "network without parent";
        for (int i = 0; i < NETWORKS + WARMUP; i++) {
            NetworkConfig config = network(String.format("%064x", 0x1000 + i), i % 200, onParent);
            long start = System.nanoTime();
            driver.createNetwork(config);
            long made = System.nanoTime();
            driver.deleteNetwork(config.id());
            long end = System.nanoTime();
            if (i >= WARMUP) {
                create.add(made - start);
                delete.add(end - made);
            }
        }
        System.out.println(create.summary(what + " create"));
        System.out.println(delete.summary(what + " delete"));
    }

    /** A dual-stack network 10.91.THIRD.0/24 + fd91:0:THIRD::/64, on the parent or without one. */
    private static NetworkConfig network(String id, int third, boolean onParent) {
        IpamData v4 = new IpamData(
                "local",
                IpPrefix.parse("10.91." + third + ".0/24"),
                Optional.of(IpPrefix.parse("10.91." + third + ".1/24")),
                Map.of());
        IpamData v6 = new IpamData(
                "local",
                IpPrefix.parse("fd91:0:" + Integer.toHexString(third) + "::/64"),
                Optional.of(IpPrefix.parse("fd91:0:" + Integer.toHexString(third) + "::1/64")),
                Map.of());
        DriverOptions options = onParent ? DriverOptions.of(Map.of("parent", PARENT)) : DriverOptions.empty();
        return new NetworkConfig(id, "bench" + id.substring(60), options, Map.of(), List.of(v4), List.of(v6), false);
    }

    private static EndpointConfig endpointConfig(String networkId, String endpointId, int third, int n) {
        return new EndpointConfig(
                networkId,
                endpointId,
                Optional.of(IpPrefix.parse("10.91." + third + "." + (n + 2) + "/24")),
                Optional.of(IpPrefix.parse(
                        "fd91:0:" + Integer.toHexString(third) + "::" + Integer.toHexString(n + 2) + "/64")),
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
