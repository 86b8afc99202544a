package io.shoal.driver.bridge.firewall;

import io.shoal.net.IpPrefix;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the firewall must do for one bridge network.
 *
 * @param key names the network's chains ({@code n-KEY-in}): the first 12 hex digits of the network id
 * @param bridge the bridge's interface name; it is written into the ruleset, so only interface-name characters are
 *     accepted
 * @param subnets the network's subnets (IPv4 and IPv6), for masquerading
 * @param interContainer true lets containers on this bridge talk to each other ({@code enable_icc})
 * @param masquerade true rewrites egress to the host's address ({@code enable_ip_masquerade})
 * @param internal true gives the network no way in or out
 * @param published the network's published ports
 */
public record NetworkRules(
        String key,
        String bridge,
        List<IpPrefix> subnets,
        boolean interContainer,
        boolean masquerade,
        boolean internal,
        List<PublishedPort> published) {
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Pattern KEY = Pattern.compile("[a-z0-9]{1,12}");

    public NetworkRules {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(bridge, "bridge");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("'" + key + "' is not a usable chain key: 1 to 12 of [a-z0-9]");
        }
        if (!INTERFACE_NAME.matcher(bridge).matches()) {
            throw new IllegalArgumentException("'" + bridge + "' is not a usable bridge name");
        }
        subnets = subnets.stream().map(IpPrefix::network).toList();
        published = List.copyOf(published);
    }

    /** The same network with other published ports. */
    public NetworkRules withPublished(List<PublishedPort> ports) {
        return new NetworkRules(key, bridge, subnets, interContainer, masquerade, internal, ports);
    }
}
