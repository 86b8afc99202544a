package io.shoal.driver.support;

import io.shoal.netlink.InterfaceAddress;
import io.shoal.netlink.LinkLayerAddress;
import io.shoal.spi.net.IpPrefix;
import io.shoal.spi.net.MacAddress;

/** The SPI's value types in netlink's terms (netlink knows nothing of the SPI, so the drivers translate). */
public final class NetlinkValues {
    private NetlinkValues() {}

    public static InterfaceAddress interfaceAddress(IpPrefix prefix) {
        return new InterfaceAddress(prefix.address(), prefix.length());
    }

    public static LinkLayerAddress linkLayer(MacAddress mac) {
        return LinkLayerAddress.of(mac.octets());
    }
}
