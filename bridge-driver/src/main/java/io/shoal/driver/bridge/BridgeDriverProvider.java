package io.shoal.driver.bridge;

import io.shoal.driver.bridge.firewall.BridgeFirewall;
import io.shoal.driver.bridge.firewall.HostPorts;
import io.shoal.driver.support.KernelErrors;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.Nftables;
import io.shoal.netlink.Sysctl;
import io.shoal.spi.DriverContext;
import io.shoal.spi.DriverStore;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.NetworkDriverProvider;

/**
 * Makes the bridge driver. Needs from the engine: a {@link DriverStore} and the {@link NetworkNamespace} that plays
 * the host (the engine's own namespace in production; a test namespace in tests).
 */
public final class BridgeDriverProvider implements NetworkDriverProvider {
    @Override
    public String type() {
        return BridgeNetworkDriver.TYPE;
    }

    @Override
    public NetworkDriver create(DriverContext context) {
        NetworkNamespace host = context.requireService(NetworkNamespace.class);
        DriverStore store = context.requireService(DriverStore.class);
        NetlinkHandle handle;
        Nftables nft;
        try {
            handle = NetlinkHandle.openIn(host);
            nft = Nftables.in(host);
        } catch (KernelException e) {
            throw KernelErrors.translate("opening rtnetlink and nftables in the host namespace", e);
        }
        BridgeNetworkDriver driver = new BridgeNetworkDriver(
                new BridgeLinks(handle),
                new EndpointPlumbing(handle),
                new HostSysctls(Sysctl.of(host)),
                new BridgeFirewall(nft),
                new BridgeState(store),
                new PortPublisher(new HostPorts(new HostPortSockets(host)), handle));
        driver.restore();
        return driver;
    }
}
