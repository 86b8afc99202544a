package io.shoal.driver.bridge;

import io.shoal.driver.support.InterfaceNames;
import io.shoal.net.IpAddresses;
import io.shoal.spi.DriverException;
import io.shoal.spi.DriverOptions;
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
 * @param mtu {@code com.docker.network.driver.mtu}, default 1500; 68..65535, and 1280 or more with IPv6
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

    /**
     * Beyond the kernel's rules ({@link InterfaceNames}): the bridge name is written into nftables rules, whose parser
     * reads a word starting with a digit as a number ({@code 0br} is a syntax error) and one starting with '-' as an
     * option, so Shoal takes a letter first and then letters, digits, '_', '.' or '-'.
     */
    private static final Pattern BRIDGE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    /** The smallest MTU of an IPv4 link (RFC 791: every host must take a 68-octet datagram unfragmented). */
    static final int MIN_MTU_IPV4 = 68;

    /** The smallest MTU of an IPv6 link (RFC 8200 §5); the kernel refuses IPv6 addresses on a smaller one. */
    static final int MIN_MTU_IPV6 = 1280;

    /** The largest MTU of a bridge and of a veth device: ETH_MAX_MTU, their max_mtu in the kernel. */
    static final int MAX_MTU = 65535;

    /**
     * Parses and checks every option against every rule the kernel will apply to it, so that nothing is refused
     * halfway through creating the network.
     *
     * @param networkId the network's id; the default bridge name is {@code br-} and its first 12 characters
     * @param options the options as given
     * @param ipv6 whether the network has an IPv6 subnet (the smallest MTU then is 1280, not 68)
     * @throws DriverException INVALID_ARGUMENT naming the option and what to write instead
     */
    public static BridgeOptions parse(String networkId, DriverOptions options, boolean ipv6) {
        options.requireKnown(KNOWN);
        String name = options.text(NAME).orElse("br-" + networkId.substring(0, Math.min(12, networkId.length())));
        InterfaceNames.requireValid(NAME, name);
        if (!BRIDGE_NAME.matcher(name).matches()) {
            throw DriverException.invalid("option " + NAME + "=" + name + " is not a bridge name Shoal can use: it"
                    + " must begin with a letter, then letters, digits, '_', '.' or '-' (the name goes into nftables"
                    + " rules)");
        }
        return new BridgeOptions(
                name,
                options.bool(MASQUERADE, true),
                options.bool(ICC, true),
                mtu(options, ipv6),
                options.text(HOST_BINDING_IPV4).map(BridgeOptions::ipv4Address));
    }

    private static int mtu(DriverOptions options, boolean ipv6) {
        int mtu = options.integer(MTU, MIN_MTU_IPV4, MAX_MTU).orElse(1500);
        if (ipv6 && mtu < MIN_MTU_IPV6) {
            throw DriverException.invalid("option " + MTU + "=" + mtu + " is below " + MIN_MTU_IPV6
                    + ", the smallest MTU of an IPv6 link (RFC 8200 §5), and this network has IPv6: use "
                    + MIN_MTU_IPV6 + ".." + MAX_MTU + ", or create the network without IPv6");
        }
        return mtu;
    }

    private static InetAddress ipv4Address(String text) {
        try {
            InetAddress address = IpAddresses.parse(text);
            if (address instanceof Inet4Address) {
                return address;
            }
        } catch (IllegalArgumentException e) {
            throw DriverException.invalid("option " + HOST_BINDING_IPV4 + "=" + text + ": " + e.getMessage());
        }
        throw DriverException.invalid("option " + HOST_BINDING_IPV4 + "=" + text + " is not an IPv4 address");
    }
}
