package io.shoal.driver.bridge;

import io.shoal.spi.DriverException;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.net.IpPrefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A bridge network's options, under Docker's names so {@code docker network create -o} carries over unchanged.
 * Docker's {@code com.docker.network.container_iface_prefix} is refused as unknown: the engine names container
 * interfaces ({@code eth0}, {@code eth1}…, passed in {@link io.shoal.spi.JoinRequest#interfaceName()}), not a driver.
 *
 * @param bridgeName {@code com.docker.network.bridge.name}; {@code br-<first 12 of the network id>} when absent
 * @param masquerade {@code com.docker.network.bridge.enable_ip_masquerade}, default true
 * @param interContainer {@code com.docker.network.bridge.enable_icc}, default true
 * @param mtu {@code com.docker.network.driver.mtu}, default 1500
 * @param hostBindingIpv4 {@code com.docker.network.bridge.host_binding_ipv4}: the host address published ports bind
 *     to when {@code -p} names none; every address when absent
 */
public record BridgeOptions(
        String bridgeName, boolean masquerade, boolean interContainer, int mtu, Optional<InetAddress> hostBindingIpv4) {
    public static final String NAME = "com.docker.network.bridge.name";
    public static final String MASQUERADE = "com.docker.network.bridge.enable_ip_masquerade";
    public static final String ICC = "com.docker.network.bridge.enable_icc";
    public static final String MTU = "com.docker.network.driver.mtu";
    public static final String HOST_BINDING_IPV4 = "com.docker.network.bridge.host_binding_ipv4";

    /** Ours, plus Docker's generic options the engine may pass through (accepted, and carried by NetworkConfig). */
    private static final Set<String> KNOWN = Set.of(
            NAME,
            MASQUERADE,
            ICC,
            MTU,
            HOST_BINDING_IPV4,
            "com.docker.network.enable_ipv6",
            "com.docker.network.internal");

    /** Linux's IFNAMSIZ is 16 with the terminating NUL (netdevice(7)). */
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    /** The smallest MTU an IPv6 link may have (RFC 8200 §5); IPv4 alone would allow 68. */
    static final int MIN_MTU = 68;

    static final int MAX_MTU = 65535;

    /**
     * Parses and checks every option.
     *
     * @throws DriverException INVALID_ARGUMENT naming the option and what to write instead
     */
    public static BridgeOptions parse(String networkId, DriverOptions options) {
        options.requireKnown(KNOWN);
        String name = options.text(NAME).orElse("br-" + networkId.substring(0, Math.min(12, networkId.length())));
        if (!INTERFACE_NAME.matcher(name).matches()) {
            throw DriverException.invalid("option " + NAME + "=" + name
                    + " is not a valid interface name: 1 to 15 letters, digits, '_', '.' or '-'");
        }
        return new BridgeOptions(
                name,
                options.bool(MASQUERADE, true),
                options.bool(ICC, true),
                options.integer(MTU, MIN_MTU, MAX_MTU).orElse(1500),
                options.text(HOST_BINDING_IPV4).map(BridgeOptions::ipv4Address));
    }

    private static InetAddress ipv4Address(String text) {
        try {
            InetAddress address = IpPrefix.parseAddress(text);
            if (address instanceof Inet4Address) {
                return address;
            }
        } catch (IllegalArgumentException e) {
            throw DriverException.invalid("option " + HOST_BINDING_IPV4 + "=" + text + ": " + e.getMessage());
        }
        throw DriverException.invalid("option " + HOST_BINDING_IPV4 + "=" + text + " is not an IPv4 address");
    }
}
