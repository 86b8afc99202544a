package io.shoal.driver.bridge;

import io.shoal.netlink.KernelException;
import io.shoal.netlink.NoSuchObjectException;
import io.shoal.netlink.Sysctl;
import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;

/** The host namespace's sysctls a bridge network needs. Like Docker, Shoal turns them on and never back off. */
final class HostSysctls {
    private final Sysctl host;

    HostSysctls(Sysctl host) {
        this.host = host;
    }

    void forNetwork(BridgeNetwork network) throws KernelException {
        if (!network.internal()) {
            host.setIpv4Forwarding(true);
        }
        if (!network.ipv6().isEmpty()) {
            // A new bridge inherits conf.default; make sure IPv6 is on where the gateway lives.
            host.setIpv6Disabled(network.bridge(), false);
            if (!network.internal()) {
                host.setIpv6Forwarding("all", true);
            }
        }
        if (!network.options().interContainer()) {
            requireBridgeNetfilter();
        }
    }

    /**
     * With enable_icc=false the firewall refuses traffic between two ports of one bridge in the inet forward hook,
     * which bridged frames reach only when br_netfilter passes them there (bridge-nf-call-iptables, ip-sysctl.rst).
     */
    private void requireBridgeNetfilter() throws KernelException {
        try {
            host.set("net.bridge.bridge-nf-call-iptables", "1");
            host.set("net.bridge.bridge-nf-call-ip6tables", "1");
        } catch (NoSuchObjectException e) {
            throw new DriverException(
                    ErrorKind.UNAVAILABLE,
                    "enable_icc=false needs the kernel's br_netfilter (modprobe br_netfilter): " + e.getMessage(),
                    e);
        }
    }
}
