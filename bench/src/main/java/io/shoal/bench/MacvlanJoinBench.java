package io.shoal.bench;

import io.shoal.driver.support.testing.MapDriverStore;
import io.shoal.driver.vlan.MacvlanDriverProvider;
import io.shoal.netlink.LinkOptions;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.spi.DriverContext;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.DriverStore;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.NetworkDriver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private static final DriverOptions ON_PARENT = DriverOptions.of(Map.of("parent", PARENT));
    /** Networks 10.91.THIRD.0/24 + fd91:0:THIRD::/64. */
    private static final BenchAddressing ADDRESSES = new BenchAddressing(91);

    private static final int ENDPOINTS = 200;
    private static final int PARALLEL = 50;
    private static final int NETWORKS = 50;
    private static final int WARMUP = 20;

    private final List<NetworkNamespace> sandboxes = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        new MacvlanJoinBench().run();
    }

    private void run() throws Exception {
        BenchNamespaces.deleteAll(PREFIX);
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
            JoinCosts joins = new JoinCosts(driver, sandboxes, ADDRESSES.shapes(ON_PARENT));
            joins.measureJoins();
            joins.measureParallelJoins(PARALLEL);
        } finally {
            for (NetworkNamespace sandbox : sandboxes) {
                sandbox.close();
            }
            BenchNamespaces.deleteAll(PREFIX);
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
            NetworkConfig config = ADDRESSES.network(
                    String.format("%064x", 0x1000 + i), i % 200, onParent ? ON_PARENT : DriverOptions.empty());
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
}
