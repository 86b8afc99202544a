package io.shoal.netlink;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An IP address with a prefix length, as assigned to an interface ({@code 10.0.0.2/24}) or as a route destination
 * ({@code 0.0.0.0/0}). The address keeps its host bits; {@link #network()} clears them.
 *
 * @param address IPv4 or IPv6
 * @param prefixLength 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record InterfaceAddress(InetAddress address, int prefixLength) {
    /** Checks the prefix length against the family. */
    public InterfaceAddress {
        Objects.requireNonNull(address, "address");
        int bits = address.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException(
                    "prefix length " + prefixLength + " out of range 0.." + bits + " for " + address.getHostAddress());
        }
    }

    /** Parses {@code 10.0.0.2/24} or {@code fd00::2/64}; numeric addresses only, never a DNS lookup. */
    public static InterfaceAddress parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("expected address/prefix-length: " + text);
        }
        String length = text.substring(slash + 1);
        if (!length.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("bad prefix length in " + text);
        }
        return new InterfaceAddress(IpAddresses.parse(text.substring(0, slash)), Integer.parseInt(length));
    }

    /** The default route's destination of {@code address}'s family: 0.0.0.0/0 or ::/0. */
    public static InterfaceAddress defaultRoute(boolean ipv6) {
        return new InterfaceAddress(IpAddresses.fromBytes(new byte[ipv6 ? 16 : 4]), 0);
    }

    /** Whether the address is IPv6. */
    public boolean isIpv6() {
        return !(address instanceof Inet4Address);
    }

    /** The same prefix with the host bits cleared. */
    public InterfaceAddress network() {
        byte[] bytes = address.getAddress();
        for (int bit = prefixLength; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new InterfaceAddress(IpAddresses.fromBytes(bytes), prefixLength);
    }

    @Override
    public String toString() {
        return IpAddresses.format(address) + "/" + prefixLength;
    }
}
