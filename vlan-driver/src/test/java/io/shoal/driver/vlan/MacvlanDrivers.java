package io.shoal.driver.vlan;

import io.shoal.net.IpPrefix;
import io.shoal.netlink.IpFamily;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.spi.DriverContext;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.DriverStore;
import io.shoal.spi.IpamData;
import io.shoal.spi.NetworkConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Test wiring: a macvlan driver whose host is a test namespace, and network configurations. */
final class MacvlanDrivers {
    private MacvlanDrivers() {}

    static MacvlanNetworkDriver create(NetworkNamespace host, DriverStore store) {
        return (MacvlanNetworkDriver) new MacvlanDriverProvider()
                .create(new DriverContext(
                        Path.of("/nonexistent"),
                        Map.of(),
                        Map.of(NetworkNamespace.class, host, DriverStore.class, store)));
    }

    /** A pool with the given gateway, or none when {@code gateway} is null. */
    static IpamData pool(String subnet, String gateway) {
        return new IpamData(
                "local", IpPrefix.parse(subnet), Optional.ofNullable(gateway).map(IpPrefix::parse), Map.of());
    }

    /** An IPv4 network; {@code parent} null for none, {@code mode} null for the default. */
    static NetworkConfig network(String id, String name, String parent, String mode, String subnet, String gateway) {
        return new NetworkConfig(
                id, name, options(parent, mode), Map.of(), List.of(pool(subnet, gateway)), List.of(), false);
    }

    /** A dual-stack network. */
    static NetworkConfig dualStack(String id, String name, String parent, IpamData v4, IpamData v6) {
        return new NetworkConfig(id, name, options(parent, null), Map.of(), List.of(v4), List.of(v6), false);
    }

    static DriverOptions options(String parent, String mode) {
        Map<String, String> values = new HashMap<>();
        if (parent != null) {
            values.put(MacvlanOptions.PARENT, parent);
        }
        if (mode != null) {
            values.put(MacvlanOptions.MODE, mode);
        }
        return DriverOptions.of(values);
    }

    /**
     * Waits until each link has its IPv6 link-local address. The kernel adds it a moment after the link gets carrier
     * (addrconf on NETDEV_CHANGE, delivered by linkwatch), so a snapshot taken too early would miss it and differ from
     * a later one for no fault of the driver.
     */
    static void awaitLinkLocal(NetlinkHandle handle, String... links) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (String link : links) {
            while (handle.addrList(link, IpFamily.IPV6).stream()
                    .noneMatch(a -> a.address().address().isLinkLocalAddress())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(link + " got no IPv6 link-local address within 5 s");
                }
                Thread.sleep(10);
            }
        }
    }

    /** A 64-hex-digit network id whose first 12 digits are {@code n}. */
    static String networkId(int n) {
        return String.format("%012d", n) + "b".repeat(52);
    }

    static String endpointId(int n) {
        return String.format("e%063d", n);
    }

    static List<IpamData> pools(IpamData... pools) {
        return new ArrayList<>(List.of(pools));
    }
}
