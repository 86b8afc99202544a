package io.shoal.driver.support;

import io.shoal.net.MacAddress;
import io.shoal.spi.EndpointConfig;
import java.net.Inet4Address;
import java.security.SecureRandom;

/** The MAC addresses Shoal gives container interfaces. */
public final class MacAddresses {
    private static final SecureRandom RANDOM = new SecureRandom();

    private MacAddresses() {}

    /**
     * {@code 02:42} followed by the four octets of the IPv4 address, as Docker derives it: unique wherever the IPv4
     * address is, and locally administered (the U/L bit, IEEE 802-2014 §8.2), so it cannot clash with a vendor's.
     */
    public static MacAddress fromIpv4(Inet4Address address) {
        byte[] ip = address.getAddress();
        return MacAddress.of(new byte[] {0x02, 0x42, ip[0], ip[1], ip[2], ip[3]});
    }

    /**
     * An endpoint's MAC address: the one the user asked for, else {@link #fromIpv4} of its IPv4 address, else
     * {@link #random}.
     */
    public static MacAddress forEndpoint(EndpointConfig config) {
        return config.mac().orElseGet(() -> config.ipv4()
                .map(a -> fromIpv4((Inet4Address) a.address()))
                .orElseGet(MacAddresses::random));
    }

    /** A random locally administered unicast address, for interfaces with no IPv4 address. */
    public static MacAddress random() {
        byte[] octets = new byte[6];
        RANDOM.nextBytes(octets);
        octets[0] = (byte) ((octets[0] & 0xfc) | 0x02);
        return MacAddress.of(octets);
    }
}
