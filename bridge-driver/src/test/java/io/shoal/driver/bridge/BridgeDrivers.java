package io.shoal.driver.bridge;

import io.shoal.net.IpPrefix;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.spi.DriverContext;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.DriverStore;
import io.shoal.spi.IpamData;
import io.shoal.spi.NetworkConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test wiring: a bridge driver whose host is a test namespace. */
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

    static NetworkConfig network(String id, String name, DriverOptions options, String subnet, String gateway) {
        return new NetworkConfig(id, name, options, Map.of(), List.of(pool(subnet, gateway)), List.of(), false);
    }
}
