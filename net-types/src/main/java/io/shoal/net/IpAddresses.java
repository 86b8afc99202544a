package io.shoal.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Numeric IP address text in and out, never consulting a resolver ({@link InetAddress#getByName} would try DNS for
 * anything that is not a literal). In: dotted-quad IPv4 (RFC 791, no leading zeros, which inet_aton would read as
 * octal) and the IPv6 text forms of RFC 4291 §2.2, including an embedded dotted quad. Out: dotted quad, or IPv6 in
 * RFC 5952 §4's canonical form.
 */
public final class IpAddresses {
    private IpAddresses() {}

    /**
     * Parses a numeric IPv4 or IPv6 address. An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}, RFC 4291 §2.5.5.2) is
     * refused: it names an IPv4 host in IPv6 clothing, and the JDK would silently turn it into an IPv4 address.
     *
     * @param text e.g. {@code 10.1.0.1} or {@code fd00:1::1}; no scope id, no brackets
     * @return an {@code Inet4Address} or {@code Inet6Address}
     * @throws IllegalArgumentException with a message that says what is wrong; nothing else for any non-null text
     * @throws NullPointerException when {@code text} is null
     */
    public static InetAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        byte[] bytes = text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address");
        }
        if (isIpv4Mapped(bytes)) {
            throw new IllegalArgumentException(
                    "'" + text + "' is an IPv4-mapped IPv6 address; use the IPv4 address itself");
        }
        return fromBytes(bytes);
    }

    /**
     * The address with these bytes, network order. Sixteen bytes of an IPv4-mapped address give an {@code
     * Inet4Address}, as {@link InetAddress#getByAddress(byte[])} does.
     *
     * @param bytes 4 or 16 bytes
     * @return the address
     * @throws IllegalArgumentException for any other length
     */
    public static InetAddress fromBytes(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length, e);
        }
    }

    /**
     * The address as text, without the JDK's leading slash or host name: dotted decimal for IPv4, RFC 5952 §4 for IPv6
     * (lower case, leading zeros dropped, the first longest run of two or more zero groups written {@code ::}, a single
     * zero group left as {@code 0}; no scope id). {@link #parse} reads it back.
     *
     * @param address an IPv4 or IPv6 address
     * @return e.g. {@code 10.1.0.1} or {@code fd00:1::1}
     */
    public static String format(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 §4.2.2: a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) { // strictly longer: the first of equal runs wins (§4.2.3)
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        if (bytes.length != 16 || (bytes[10] & 0xff) != 0xff || (bytes[11] & 0xff) != 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value = decimalOctet(parts[i]);
            if (value < 0) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /**
     * Reads one octet the way a dotted quad or an {@code in-addr.arpa.} label (RFC 1035 §3.5) writes it.
     *
     * @param part the text of one octet
     * @return 0 to 255 when {@code part} is that number in ASCII decimal without leading zeros, else -1
     */
    public static int decimalOctet(String part) {
        if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    private static byte[] parseIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap >= 0 ? text.substring(0, gap) : text;
        String tail = gap >= 0 ? text.substring(gap + 2) : "";
        int[] headGroups = groups(head, gap < 0);
        int[] tailGroups = groups(tail, true);
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if ((gap < 0 && total != 8) || (gap >= 0 && total > 7)) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(headGroups, 0, all, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (byte) (all[i] >>> 8);
            bytes[2 * i + 1] = (byte) all[i];
        }
        return bytes;
    }

    /** Colon-separated 16-bit groups; the last may be an embedded IPv4 address when {@code mayEndInIpv4}. */
    private static int[] groups(String text, boolean mayEndInIpv4) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(":", -1);
        String last = parts[parts.length - 1];
        boolean embedded = mayEndInIpv4 && last.indexOf('.') >= 0;
        int[] groups = new int[parts.length + (embedded ? 1 : 0)];
        for (int i = 0; i < parts.length - (embedded ? 1 : 0); i++) {
            if (!parts[i].matches("\\p{XDigit}{1,4}")) {
                return null;
            }
            groups[i] = Integer.parseInt(parts[i], 16);
        }
        if (embedded) {
            byte[] v4 = parseIpv4(last);
            if (v4 == null) {
                return null;
            }
            groups[parts.length - 1] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
            groups[parts.length] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        }
        return groups;
    }
}
