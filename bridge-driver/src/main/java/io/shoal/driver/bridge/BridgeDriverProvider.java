package io.shoal.driver.bridge;

import io.shoal.driver.bridge.firewall.BridgeFirewall;
import io.shoal.driver.bridge.firewall.HostPorts;
import io.shoal.driver.support.HostWiring;
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
 * the host (the engine's own namespace in production; a test namespace in tests). Restores the driver's state
 * (making the kernel match the records, see {@link io.shoal.driver.support.SkeletonDriver}) before returning it.
 */
public final class BridgeDriverProvider implements NetworkDriverProvider {
    private static final System.Logger LOG = System.getLogger(BridgeDriverProvider.class.getName());

    @Override
    public String type() {
        return BridgeNetworkDriver.TYPE;
    }

    @Override
    public NetworkDriver create(DriverContext context) {
        HostWiring wiring = HostWiring.from(context);
        Nftables nft;
        NetlinkHandle teardown;
        try {
            nft = Nftables.in(wiring.host());
            teardown = NetlinkHandle.openIn(wiring.host());
        } catch (KernelException e) {
            throw KernelErrors.translate("opening nftables and rtnetlink in the host namespace", e);
        }
        BridgeNetworkDriver driver = new BridgeNetworkDriver(
                new NetlinkBridgeKernel(
                        new BridgeLinks(wiring.handle()),
                        new BridgeLinks(teardown),
                        new EndpointPlumbing(wiring.handle()),
                        new HostSysctls(Sysctl.of(wiring.host())),
                        new BridgeFirewall(nft),
                        new StaleFlows(flowTable(wiring.host())),
                        wiring.handle()),
                BridgeState.records(wiring.store()),
                new PortPublisher(new HostPorts(new HostPortSockets(wiring.host()))));
        driver.restore();
        return driver;
    }

    /** The host's conntrack table; bridge networks work without it, only stale flows outlive port changes. */
    private static StaleFlows.FlowTable flowTable(NetworkNamespace host) {
        try {
            return Conntrack.in(host)::deleteIf;
        } catch (KernelException e) {
            LOG.log(Level.WARNING, "no conntrack access in the host namespace: " + e.getMessage());
            return StaleFlows.unavailable(e);
        }
    }
}
