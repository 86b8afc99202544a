package io.shoal.dns.records;

import io.shoal.net.IpAddresses;
import java.net.InetAddress;
import org.xbill.DNS.Name;

/**
 * A name under {@code in-addr.arpa.} (RFC 1035 section 3.5: one decimal label per octet, lowest first) or
 * {@code ip6.arpa.} (RFC 3596 section 2.5: one hex label per nibble, lowest first), read as the address prefix it names.
 *
 * <p>{@code 2.0.30.172.in-addr.arpa.} is the address 172.30.0.2; {@code 30.172.in-addr.arpa.} is the prefix
 * 172.30.0.0/16, the parent of every address in it. Reading stops at the first label that is not a canonical octet
 * (decimal 0 to 255 without leading zeros) or nibble (one hex digit), or after a whole address: a name with labels left
 * over ({@code www.2.0.30.172.in-addr.arpa.}, {@code 300.30.172.in-addr.arpa.}) lies below the prefix read so far but
 * cannot name an address, so in a zone holding only addresses it does not exist.
 */
final class ReverseName {
    private static final Name IPV4_REVERSE = Name.fromConstantString("in-addr.arpa.");
    private static final Name IPV6_REVERSE = Name.fromConstantString("ip6.arpa.");

    private final byte[] prefix;
    private final int bits;
    private final boolean leftOver;

    private ReverseName(byte[] prefix, int bits, boolean leftOver) {
        this.prefix = prefix;
        this.bits = bits;
        this.leftOver = leftOver;
    }

    /** The reverse name {@code qname} is, or null when it is under neither reverse tree. */
    static ReverseName parse(Name qname) {
        if (qname.subdomain(IPV4_REVERSE)) {
            return read(qname, IPV4_REVERSE, false);
        }
        if (qname.subdomain(IPV6_REVERSE)) {
            return read(qname, IPV6_REVERSE, true);
        }
        return null;
    }

    /** Whether the name is under {@code ip6.arpa.}. */
    boolean ipv6() {
        return prefix.length == 16;
    }

    /** How many leading bits the name gives: a multiple of 8 (IPv4) or 4 (IPv6). */
    int bits() {
        return bits;
    }

    /** Whether labels remain below the prefix, so that the name cannot be an address. */
    boolean leftOver() {
        return leftOver;
    }

    /** Whether the first {@code length} bits of the prefix equal those of {@code network} (same family). */
    boolean startsWith(byte[] network, int length) {
        if (network.length != prefix.length || length > bits) {
            return false;
        }
        for (int bit = 0; bit < length; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((prefix[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the name is exactly one address. */
    boolean isAddress() {
        return !leftOver && bits == prefix.length * 8;
    }

    /** The address, when {@link #isAddress}. */
    InetAddress address() {
        return IpAddresses.fromBytes(prefix.clone());
    }

    private static ReverseName read(Name qname, Name suffix, boolean ipv6) {
        byte[] prefix = new byte[ipv6 ? 16 : 4];
        int maxLabels = ipv6 ? 32 : 4;
        // Labels of qname, root last: the suffix takes the last suffix.labels() of them; the prefix is read leftwards.
        int label = qname.labels() - suffix.labels() - 1;
        int read = 0;
        while (label >= 0 && read < maxLabels) {
            int value =
                    ipv6 ? nibble(qname.getLabelString(label)) : IpAddresses.decimalOctet(qname.getLabelString(label));
            if (value < 0) {
                break;
            }
            if (ipv6) {
                prefix[read / 2] |= (byte) (read % 2 == 0 ? value << 4 : value);
            } else {
                prefix[read] = (byte) value;
            }
            read++;
            label--;
        }
        return new ReverseName(prefix, read * (ipv6 ? 4 : 8), label >= 0);
    }

    private static int nibble(String text) {
        if (text.length() != 1) {
            return -1;
        }
        char c = text.charAt(0);
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        char lower = Character.toLowerCase(c);
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }
}
