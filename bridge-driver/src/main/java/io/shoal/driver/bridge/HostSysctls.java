package io.shoal.driver.bridge;

import io.shoal.netlink.KernelException;
import io.shoal.netlink.NoSuchObjectException;
import io.shoal.netlink.Sysctl;
import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import java.util.HashSet;
import java.util.Set;

/**
 * The host namespace's sysctls a bridge network needs. Like Docker, Shoal turns them on and never back off; each
 * host-wide one is written once per driver, since every write costs a trip into the host namespace.
 */
final class HostSysctls {
    private final Sysctl host;
    private final Set<String> written = new HashSet<>();

    HostSysctls(Sysctl host) {
        this.host = host;
    }

    synchronized void forNetwork(BridgeNetwork network) throws KernelException {
        if (!network.internal()) {
            once("net.ipv4.ip_forward", "1");
            if (!network.ipv4().isEmpty()) {
                // The host's own connections to a port published on 127.0.0.1 are sent to a container on this bridge
                // with a loopback source until masqueraded, which the kernel allows only with route_localnet
                // (ip-sysctl.rst); the firewall drops anything to or from 127.0.0.0/8 arriving on a bridge.
                host.set("net/ipv4/conf/" + network.bridge() + "/route_localnet", "1");
            }
        }
        if (!network.ipv6().isEmpty()) {
            // A new bridge inherits conf.default.disable_ipv6; only where that disables IPv6 must the bridge be told.
            if (!"0".equals(host.get("net/ipv6/conf/" + network.bridge() + "/disable_ipv6"))) {
                host.setIpv6Disabled(network.bridge(), false);
            }
            // The bridge's link-local address appears when its first port brings it carrier; without this it would
            // then stay tentative for a second or more (RFC 4862 §5.4), though the subnet is the engine's alone. The
            // gateway addresses are added with IFA_F_NODAD (BridgeLinks).
            host.set("net/ipv6/conf/" + network.bridge() + "/accept_dad", "0");
            if (!network.internal()) {
                once("net.ipv6.conf.all.forwarding", "1");
            }
        }
        if (!network.options().interContainer()) {
            requireBridgeNetfilter();
        }
    }

    private void once(String key, String value) throws KernelException {
        if (written.add(key + "=" + value)) {
            try {
                host.set(key, value);
            } catch (KernelException | RuntimeException e) {
                written.remove(key + "=" + value);
                throw e;
            }
        }
    }

    /**
     * With enable_icc=false the firewall refuses traffic between two ports of one bridge in the inet forward hook,
     * which bridged frames reach only when br_netfilter passes them there (bridge-nf-call-iptables, ip-sysctl.rst).
     */
    private void requireBridgeNetfilter() throws KernelException {
        try {
            once("net.bridge.bridge-nf-call-iptables", "1");
            once("net.bridge.bridge-nf-call-ip6tables", "1");
        } catch (NoSuchObjectException e) {
            throw new DriverException(
                    ErrorKind.UNAVAILABLE,
                    "enable_icc=false needs the kernel's br_netfilter (modprobe br_netfilter): " + e.getMessage(),
                    e);
        }
    }
}
