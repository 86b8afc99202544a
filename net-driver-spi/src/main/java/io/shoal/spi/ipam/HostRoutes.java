package io.shoal.spi.ipam;

import io.shoal.net.IpPrefix;
import java.util.List;

/**
 * The destinations the host already routes somewhere, so an IPAM driver does not choose an automatic subnet that
 * would shadow them (a VPN's, the LAN's). The engine implements it by dumping the host namespace's routes over
 * netlink.
 *
 * <p>Called by the driver whenever it chooses an automatic pool, possibly from several threads at once; it reads the
 * current routes each time, so a route added since the last pool is seen.
 */
@FunctionalInterface
public interface HostRoutes {
    /**
     * The destination prefixes of the host's routes, both families. Default routes ({@code 0.0.0.0/0}, {@code ::/0})
     * may be included; they are ignored.
     *
     * @throws io.shoal.spi.DriverException UNAVAILABLE when the routes cannot be read
     */
    List<IpPrefix> destinations();

    /** A host with no routes: the check that never refuses anything. For tests. */
    static HostRoutes none() {
        return List::of;
    }
}
