package io.shoal.engine.network;

import io.shoal.engine.dns.NameService;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.store.EngineStore;
import io.shoal.spi.DriverRegistry;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.ipam.IpamDriver;
import java.time.Clock;
import java.util.Objects;

/** What the parts of the network controller share: the drivers, IPAM, store, DNS, clock and the tables. */
record NetworkContext(
        DriverRegistry<NetworkDriver> drivers,
        DriverRegistry<IpamDriver> ipams,
        EngineStore store,
        NameService names,
        Clock clock,
        NetworkTable table) {
    NetworkContext {
        Objects.requireNonNull(drivers, "drivers");
        Objects.requireNonNull(ipams, "ipams");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(table, "table");
    }

    /** The network's driver. NOT_FOUND naming the type and the known ones when none claims it. */
    NetworkDriver driver(String type) throws EngineException {
        return DriverErrors.call(() -> drivers.require(type));
    }

    /** The IPAM driver. NOT_FOUND naming the type and the known ones when none claims it. */
    IpamDriver ipam(String type) throws EngineException {
        return DriverErrors.call(() -> ipams.require(type));
    }
}
