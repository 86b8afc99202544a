package io.shoal.driver.bridge;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.Nftables;
import io.shoal.spi.DriverContext;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.DriverStore;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.IpamData;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.SandboxRef;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test wiring shared by the bridge tests: a bridge driver whose host is a test namespace, and the ids, pools,
 * network configs and joins the kernel tests build their scenes from.
 */
final class BridgeDrivers {
    private BridgeDrivers() {}

    static BridgeNetworkDriver create(NetworkNamespace host, DriverStore store) {
        return (BridgeNetworkDriver) new BridgeDriverProvider()
                .create(new DriverContext(
                        Path.of("/nonexistent"),
                        Map.of(),
                        Map.of(NetworkNamespace.class, host, DriverStore.class, store)));
    }

    static IpamData pool(String subnet, String gateway) {
        return new IpamData("local", IpPrefix.parse(subnet), Optional.of(IpPrefix.parse(gateway)), Map.of());
    }

    /** A pool whose gateway is its first address (10.78.0.0/24 gets 10.78.0.1/24). */
    static IpamData pool(String subnet) {
        IpPrefix prefix = IpPrefix.parse(subnet);
        byte[] raw = prefix.address().getAddress();
        raw[raw.length - 1] |= 1;
        try {
            return new IpamData(
                    "local",
                    prefix,
                    Optional.of(new IpPrefix(InetAddress.getByAddress(raw), prefix.length())),
                    Map.of());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static NetworkConfig network(String id, String name, DriverOptions options, String subnet, String gateway) {
        return new NetworkConfig(id, name, options, Map.of(), List.of(pool(subnet, gateway)), List.of(), false);
    }

    /** An IPv4-only network of one pool whose gateway is its first address. */
    static NetworkConfig v4(String id, String name, String subnet, Map<String, String> options) {
        return new NetworkConfig(
                id, name, DriverOptions.of(options), Map.of(), List.of(pool(subnet)), List.of(), false);
    }

    /** A network of 10.78.0.0/24 and fd78::/64, gateways the first addresses. */
    static NetworkConfig dualStack(String id, String name, DriverOptions options) {
        return new NetworkConfig(
                id, name, options, Map.of(), List.of(pool("10.78.0.0/24")), List.of(pool("fd78::/64")), false);
    }

    /** Endpoint {@code n} of {@code network} with the given prefixes (null: none of that family). */
    static EndpointConfig endpoint(String network, int n, String v4, String v6) {
        return new EndpointConfig(
                network,
                endpointId(n),
                Optional.ofNullable(v4).map(IpPrefix::parse),
                Optional.ofNullable(v6).map(IpPrefix::parse),
                Optional.empty(),
                DriverOptions.empty());
    }

    /** Creates endpoint {@code n} and joins it to {@code sandbox} (as container "c" + n, interface eth0). */
    static void join(
            BridgeNetworkDriver driver, String network, int n, NetworkNamespace sandbox, String v4, String v6) {
        driver.createEndpoint(endpoint(network, n, v4, v6));
        driver.join(new JoinRequest(network, endpointId(n), new SandboxRef("c" + n, sandbox.path()), "eth0", true));
    }

    /** The nft text of Shoal's table in {@code host}. */
    static String shoalTable(NetworkNamespace host) throws Exception {
        try (Nftables nft = Nftables.in(host)) {
            return nft.list("list table inet shoal");
        }
    }

    static InetAddress ip(String text) {
        return IpAddresses.parse(text);
    }

    /** A 64-character network id, {@code n} in its first twelve digits. */
    static String networkId(int n) {
        return String.format("%012d", n) + "a".repeat(52);
    }

    /** A 64-character endpoint id. */
    static String endpointId(int n) {
        return String.format("e%063d", n);
    }
}
