package io.shoal.engine.daemon;

import io.shoal.net.IpPrefix;
import io.shoal.netlink.IpFamily;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.Route;
import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.ipam.HostRoutes;
import java.util.List;

/** IPAM's {@link HostRoutes}: the destinations of the host namespace's main-table routes, read at each call. */
final class NetlinkHostRoutes implements HostRoutes {
    private final NetworkNamespace host;

    NetlinkHostRoutes(NetworkNamespace host) {
        this.host = host;
    }

    @Override
    public List<IpPrefix> destinations() {
        try (NetlinkHandle handle = NetlinkHandle.openIn(host)) {
            return handle.routeList(IpFamily.ANY).stream()
                    .map(Route::destination)
                    .toList();
        } catch (KernelException e) {
            throw new DriverException(ErrorKind.UNAVAILABLE, "cannot read the host's routes: " + e.getMessage(), e);
        }
    }
}
