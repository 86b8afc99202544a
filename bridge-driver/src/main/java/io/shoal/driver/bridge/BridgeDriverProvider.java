package io.shoal.driver.bridge;

import io.shoal.driver.bridge.firewall.BridgeFirewall;
import io.shoal.driver.support.KernelErrors;
import io.shoal.netlink.Conntrack;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.Nftables;
import io.shoal.netlink.Sysctl;
import io.shoal.spi.DriverContext;
import io.shoal.spi.DriverStore;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.NetworkDriverProvider;
import java.lang.System.Logger.Level;

/**
 * Makes the bridge driver. Needs from the engine: a {@link DriverStore} and the {@link NetworkNamespace} that plays
 * the host (the engine's own namespace in production; a test namespace in tests).
 */
public final class BridgeDriverProvider implements NetworkDriverProvider {
    private static final System.Logger LOG = System.getLogger(BridgeDriverProvider.class.getName());

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
        StaleFlows.FlowTable flows;
        try {
            flows = Conntrack.in(host)::deleteIf;
        } catch (KernelException e) {
            // Bridge networks work without it; only stale flows outlive port changes (logged at each one).
            LOG.log(Level.WARNING, "no conntrack access in the host namespace: " + e.getMessage());
            flows = StaleFlows.unavailable(e);
        }
        BridgeNetworkDriver driver = new BridgeNetworkDriver(
                new BridgeLinks(handle),
                new EndpointPlumbing(handle),
                new HostSysctls(Sysctl.of(host)),
                new BridgeFirewall(nft),
                new BridgeState(store),
                new StaleFlows(flows));
        driver.restore();
        return driver;
    }
}
