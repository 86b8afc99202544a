package io.shoal.driver.bridge;

import io.shoal.driver.bridge.firewall.BridgeFirewall;
import io.shoal.driver.support.HostWiring;
import io.shoal.driver.support.KernelErrors;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.Nftables;
import io.shoal.netlink.Sysctl;
import io.shoal.spi.DriverContext;
import io.shoal.spi.DriverStore;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.NetworkDriverProvider;

/**
 * Makes the bridge driver. Needs from the engine: a {@link DriverStore} and the {@link NetworkNamespace} that plays
 * the host (the engine's own namespace in production; a test namespace in tests). Restores the driver's state
 * (making the kernel match the records, see {@link io.shoal.driver.support.SkeletonDriver}) before returning it.
 */
public final class BridgeDriverProvider implements NetworkDriverProvider {
    @Override
    public String type() {
        return BridgeNetworkDriver.TYPE;
    }

    @Override
    public NetworkDriver create(DriverContext context) {
        HostWiring wiring = HostWiring.from(context);
        Nftables nft;
        try {
            nft = Nftables.in(wiring.host());
        } catch (KernelException e) {
            throw KernelErrors.translate("opening nftables in the host namespace", e);
        }
        BridgeNetworkDriver driver = new BridgeNetworkDriver(
                new NetlinkBridgeKernel(
                        new BridgeLinks(wiring.handle()),
                        new EndpointPlumbing(wiring.handle()),
                        new HostSysctls(Sysctl.of(wiring.host())),
                        new BridgeFirewall(nft)),
                BridgeState.records(wiring.store()));
        driver.restore();
        return driver;
    }
}
