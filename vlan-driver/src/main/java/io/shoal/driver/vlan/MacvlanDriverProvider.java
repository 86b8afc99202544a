package io.shoal.driver.vlan;

import io.shoal.driver.support.HostWiring;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.spi.DriverContext;
import io.shoal.spi.DriverStore;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.NetworkDriverProvider;

/**
 * Makes the macvlan driver ({@code docker network create -d macvlan}). Needs from the engine: a {@link DriverStore}
 * and the {@link NetworkNamespace} that plays the host, where parent links live (the engine's own namespace in
 * production; a test namespace in tests). Restores the driver's state (making the kernel match the records, see
 * {@link io.shoal.driver.support.SkeletonDriver}) before returning it.
 */
public final class MacvlanDriverProvider implements NetworkDriverProvider {
    @Override
    public String type() {
        return MacvlanNetworkDriver.TYPE;
    }

    @Override
    public NetworkDriver create(DriverContext context) {
        HostWiring wiring = HostWiring.from(context);
        MacvlanNetworkDriver driver = new MacvlanNetworkDriver(
                new NetlinkMacvlanKernel(new ParentLinks(wiring.handle()), new MacvlanPlumbing(wiring.handle())),
                MacvlanState.records(wiring.store()));
        driver.restore();
        return driver;
    }
}
