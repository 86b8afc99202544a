package io.shoal.driver.vlan;

import io.shoal.driver.support.KernelErrors;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.spi.DriverContext;
import io.shoal.spi.DriverStore;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.NetworkDriverProvider;

/**
 * Makes the macvlan driver ({@code docker network create -d macvlan}). Needs from the engine: a {@link DriverStore}
 * and the {@link NetworkNamespace} that plays the host, where parent links live (the engine's own namespace in
 * production; a test namespace in tests). Restores the driver's state before returning it.
 */
public final class MacvlanDriverProvider implements NetworkDriverProvider {
    @Override
    public String type() {
        return MacvlanNetworkDriver.TYPE;
    }

    @Override
    public NetworkDriver create(DriverContext context) {
        NetworkNamespace host = context.requireService(NetworkNamespace.class);
        DriverStore store = context.requireService(DriverStore.class);
        NetlinkHandle handle;
        try {
            handle = NetlinkHandle.openIn(host);
        } catch (KernelException e) {
            throw KernelErrors.translate("opening rtnetlink in the host namespace", e);
        }
        MacvlanNetworkDriver driver =
                new MacvlanNetworkDriver(new ParentLinks(handle), new MacvlanPlumbing(handle), new MacvlanState(store));
        driver.restore();
        return driver;
    }
}
