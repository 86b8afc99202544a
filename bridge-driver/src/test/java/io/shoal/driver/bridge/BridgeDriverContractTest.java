package io.shoal.driver.bridge;

import io.shoal.driver.support.testing.NetworkDriverContract;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.DriverStore;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.NetworkDriver;

class BridgeDriverContractTest extends NetworkDriverContract {
    @Override
    protected NetworkDriver newDriver(NetworkNamespace host, DriverStore store) {
        return BridgeDrivers.create(host, store);
    }

    @Override
    protected NetworkConfig network(String id, String name, DriverOptions options) {
        return BridgeDrivers.network(id, name, options, "10.77.0.0/24", "10.77.0.1/24");
    }
}
