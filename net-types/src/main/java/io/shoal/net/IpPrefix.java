package io.shoal.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An address with a prefix length, as written in CIDR notation (RFC 4632 §3.1, RFC 4291 §2.3): a subnet such as
 * {@code 10.1.0.0/24} or {@code fd00:1::/64}, an interface address such as {@code 10.1.0.1/24}, or a route
 * destination such as {@code 0.0.0.0/0}. Host bits are kept as given; {@link #isNetwork()} says whether they are all
 * zero and {@link #network()} clears them. Text out is {@link IpAddresses#format}'s (RFC 5952). Immutable.
 *
 * @param address an IPv4 or IPv6 address ({@code Inet4Address} or {@code Inet6Address}, no scope id)
 * @param length the prefix length in bits: 0–32 for IPv4, 0–128 for IPv6
 */
public record IpPrefix(InetAddress address, int length) {
    /**
     * @throws IllegalArgumentException when the length is outside 0 to the address's width
     * @throws NullPointerException when the address is null
     */
    public IpPrefix {
        Objects.requireNonNull(address, "address");
        int bits = address.getAddress().length * 8;
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException(
                    "prefix length " + length + " is outside 0.." + bits + " for " + IpAddresses.format(address));
        }
    }

    /**
     * Parses {@code ADDRESS/LENGTH}, the address as {@link IpAddresses#parse} reads it (numeric only, never a name
     * lookup, no IPv4-mapped IPv6) and the length in decimal.
     *
     * @param cidr e.g. {@code 10.1.0.0/24} or {@code fd00:1::1/64}
     * @return the prefix, host bits as given
     * @throws IllegalArgumentException with a message that quotes the part that is wrong (callers such as the SPI's
     *     {@code PoolRequest} prefix it with the whole text); nothing else for any non-null text
     * @throws NullPointerException when {@code cidr} is null
     */
    public static IpPrefix parse(String cidr) {
        Objects.requireNonNull(cidr, "cidr");
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + cidr + "' is not in CIDR notation: expected ADDRESS/LENGTH");
        }
        InetAddress address = IpAddresses.parse(cidr.substring(0, slash));
        String len = cidr.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + cidr + "' has no valid prefix length after '/'");
        }
        int length = Integer.parseInt(len);
        int bits = address.getAddress().length * 8;
        if (length > bits) {
            throw new IllegalArgumentException("'" + cidr + "' has prefix length " + length + ", outside 0.." + bits);
        }
        return new IpPrefix(address, length);
    }

    /**
     * @param sameFamilyAs an address of the family wanted, e.g. the route's gateway
     * @return the destination of a default route of that family: {@code 0.0.0.0/0} or {@code ::/0}
     */
    public static IpPrefix defaultRoute(InetAddress sameFamilyAs) {
        return new IpPrefix(IpAddresses.fromBytes(new byte[sameFamilyAs.getAddress().length]), 0);
    }

    /** @return true for an IPv4 prefix */
    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** @return true for an IPv6 prefix */
    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** @return the width of the address family in bits: 32 or 128 */
    public int addressBits() {
        return address.getAddress().length * 8;
    }

    /** @return the same prefix with every host bit cleared */
    public IpPrefix network() {
        byte[] raw = address.getAddress();
        for (int bit = length; bit < raw.length * 8; bit++) {
            raw[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new IpPrefix(IpAddresses.fromBytes(raw), length);
    }

    /** @return true when no host bit is set, so this names a subnet rather than an interface address */
    public boolean isNetwork() {
        return network().address.equals(address);
    }

    /** @return true when {@code other} lies inside this prefix (same family, same network bits) */
    public boolean contains(InetAddress other) {
        return other.getClass() == address.getClass()
                && new IpPrefix(other, length).network().equals(network());
    }

    /** @return true when the two prefixes share at least one address */
    public boolean overlaps(IpPrefix other) {
        if (other.address.getClass() != address.getClass()) {
            return false;
        }
        return length <= other.length ? contains(other.address) : other.contains(address);
    }

    /**
     * @return CIDR text, e.g. {@code 10.1.0.0/24} or {@code fd00:1::/64}: the address as {@link IpAddresses#format}
     *     writes it, a slash, the length in decimal; {@link #parse} reads it back
     */
    @Override
    public String toString() {
        return IpAddresses.format(address) + "/" + length;
    }
}
