package io.shoal.driver.bridge;

import io.shoal.driver.bridge.firewall.HostPort;
import io.shoal.driver.bridge.firewall.HostPorts;
import io.shoal.spi.DriverException;
import io.shoal.spi.PortBinding;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The host side of published ports, beside the firewall's DNAT rules: who owns each host port (one owner per port
 * across every bridge network, see {@link HostPorts}) and the sockets that reserve them. (The bridge port's hairpin
 * mode, which lets a container reach its own published port, is {@link BridgeKernel#hairpin}.)
 */
final class PortPublisher {
    private static final System.Logger LOG = System.getLogger(PortPublisher.class.getName());

    private final HostPorts registry;

    PortPublisher(HostPorts registry) {
        this.registry = registry;
    }

    /**
     * Checks and reserves the host ports {@code endpoint} is to publish on {@code network} instead of those it holds;
     * commit the change once the firewall has the rules, or close it to give the new ports back.
     *
     * @throws DriverException INVALID_ARGUMENT for a port on the IPv6 loopback address; CONFLICT naming the owner
     *     when another endpoint or a host process holds a port
     */
    HostPorts.Change reserve(BridgeNetwork network, BridgeEndpoint endpoint) {
        for (PortBinding binding : endpoint.ports()) {
            if (binding.hostAddress()
                    .filter(a -> a instanceof Inet6Address && a.isLoopbackAddress())
                    .isPresent()) {
                // Linux never routes ::1 off the loopback device (there is no route_localnet for IPv6; RFC 4291
                // §2.5.3), so a DNAT to a container cannot be answered; Docker serves [::1] only with its userland
                // proxy, which Shoal does not have.
                throw DriverException.invalid("cannot publish " + binding.hostPort() + "/"
                        + binding.protocol().lowerCase() + " on [::1]: IPv6 loopback traffic cannot be forwarded "
                        + "to a container; publish on 127.0.0.1 or a host address");
            }
        }
        return registry.reserve(owner(network, endpoint), hostPorts(network, endpoint));
    }

    /** After a restart: reserves again what the records say each endpoint publishes. */
    void restore(Collection<BridgeNetwork> networks, Collection<BridgeEndpoint> endpoints) {
        Map<String, BridgeNetwork> byId = new HashMap<>();
        networks.forEach(n -> byId.put(n.id(), n));
        Map<HostPorts.Owner, List<HostPort>> recorded = new HashMap<>();
        for (BridgeEndpoint endpoint : endpoints) {
            BridgeNetwork network = byId.get(endpoint.networkId());
            if (network != null && !endpoint.ports().isEmpty() && !network.internal()) {
                recorded.put(owner(network, endpoint), hostPorts(network, endpoint));
            }
        }
        for (String problem : registry.restore(recorded)) {
            LOG.log(Level.WARNING, "published port not reserved again after a restart: " + problem);
        }
    }

    private static List<HostPort> hostPorts(BridgeNetwork network, BridgeEndpoint endpoint) {
        return BridgeNetworkDriver.published(network, endpoint).stream()
                .map(HostPort::of)
                .toList();
    }

    private static HostPorts.Owner owner(BridgeNetwork network, BridgeEndpoint endpoint) {
        return new HostPorts.Owner(network.id(), network.name(), endpoint.id());
    }
}
