package io.shoal.spi.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An address with a prefix length, as written in CIDR notation (RFC 4632 §3.1, RFC 4291 §2.3): {@code 10.1.0.0/24},
 * {@code fd00:1::/64}, or an interface address such as {@code 10.1.0.1/24}. Host bits are kept as given; {@link
 * #isNetwork()} says whether they are all zero. Text out is RFC 5952's canonical form. Immutable.
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
                    "prefix length " + length + " is outside 0.." + bits + " for " + address.getHostAddress());
        }
    }

    /**
     * Parses {@code ADDRESS/LENGTH}. Only numeric addresses are accepted (no name lookups); an IPv4-mapped IPv6
     * address ({@code ::ffff:a.b.c.d}) is refused because it names an IPv4 host in IPv6 clothing (RFC 4291 §2.5.5.2).
     *
     * @throws IllegalArgumentException with a message that says what is wrong
     */
    public static IpPrefix parse(String cidr) {
        Objects.requireNonNull(cidr, "cidr");
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + cidr + "' is not in CIDR notation: expected ADDRESS/LENGTH");
        }
        InetAddress address = parseAddress(cidr.substring(0, slash));
        String len = cidr.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + cidr + "' has no valid prefix length after '/'");
        }
        return new IpPrefix(address, Integer.parseInt(len));
    }

    /**
     * Parses a numeric IPv4 or IPv6 address without ever resolving a name.
     *
     * @throws IllegalArgumentException when the text is not a numeric address or is IPv4-mapped IPv6
     */
    public static InetAddress parseAddress(String text) {
        Objects.requireNonNull(text, "text");
        if (!looksNumeric(text)) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address");
        }
        byte[] raw;
        try {
            raw = InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address", e);
        }
        if (text.contains(":") && raw.length == 4) {
            // The JDK folds ::ffff:a.b.c.d into an Inet4Address; Shoal refuses it.
            throw new IllegalArgumentException(
                    "'" + text + "' is an IPv4-mapped IPv6 address; use the IPv4 address itself");
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address", e);
        }
    }

    private static boolean looksNumeric(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return false;
        }
        if (text.indexOf(':') >= 0) {
            return text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return false;
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** @return true for an IPv4 prefix */
    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** @return true for an IPv6 prefix */
    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** Width of the address family: 32 or 128. */
    public int addressBits() {
        return address.getAddress().length * 8;
    }

    /** The same prefix with every host bit cleared. */
    public IpPrefix network() {
        byte[] raw = address.getAddress();
        for (int bit = length; bit < raw.length * 8; bit++) {
            raw[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return new IpPrefix(InetAddress.getByAddress(raw), length);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }

    /** True when no host bit is set, so this names a subnet rather than an interface address. */
    public boolean isNetwork() {
        return network().address.equals(address);
    }

    /** True when {@code other} lies inside this prefix (same family, same network bits). */
    public boolean contains(InetAddress other) {
        return other.getClass() == address.getClass()
                && new IpPrefix(other, length).network().equals(network());
    }

    /** True when the two prefixes share at least one address. */
    public boolean overlaps(IpPrefix other) {
        if (other.address.getClass() != address.getClass()) {
            return false;
        }
        return length <= other.length ? contains(other.address) : other.contains(address);
    }

    /**
     * CIDR text, e.g. {@code 10.1.0.0/24} or {@code fd00:1::/64}: dotted decimal for IPv4, RFC 5952 for IPv6 (lower
     * case, no leading zeros, the longest run of two or more zero groups as {@code ::}). {@link #parse} reads it back.
     */
    @Override
    public String toString() {
        return compactHost(address) + "/" + length;
    }

    /**
     * Host text of an address without the JDK's leading slash: dotted decimal for IPv4, RFC 5952 §4 for IPv6 (lower
     * case, leading zeros dropped, the first longest run of two or more zero groups written {@code ::}; no scope id).
     *
     * @param address an IPv4 or IPv6 address
     * @return e.g. {@code 10.1.0.1} or {@code fd00:1::1}
     */
    public static String compactHost(InetAddress address) {
        String text = address.getHostAddress();
        if (!(address instanceof Inet6Address)) {
            return text;
        }
        return compressIpv6(address.getAddress());
    }

    private static String compressIpv6(byte[] raw) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((raw[2 * i] & 0xff) << 8) | (raw[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            out.append(Integer.toHexString(groups[i]));
            if (i < 7) {
                out.append(':');
            }
        }
        return out.toString();
    }
}
