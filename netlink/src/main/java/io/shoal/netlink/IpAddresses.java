package io.shoal.netlink;

import io.shoal.netlink.wire.Rtnetlink;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Numeric IP address parsing that never consults a resolver ({@link InetAddress#getByName} would try DNS for
 * anything that is not a literal), and conversion from the raw bytes netlink carries.
 */
final class IpAddresses {
    private IpAddresses() {}

    /** Parses a dotted-quad IPv4 or an RFC 4291 section 2.2 IPv6 literal; anything else is rejected. */
    static InetAddress parse(String text) {
        byte[] bytes = text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
        if (bytes == null) {
            throw new IllegalArgumentException("not a numeric IP address: " + text);
        }
        return fromBytes(bytes);
    }

    /** The address with these 4 or 16 bytes. */
    static InetAddress fromBytes(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length, e);
        }
    }

    /** The netlink family of {@code address}: AF_INET or AF_INET6. */
    static int family(InetAddress address) {
        return address instanceof Inet4Address ? Rtnetlink.AF_INET : Rtnetlink.AF_INET6;
    }

    /** The unspecified address of {@code family} (0.0.0.0 or ::). */
    static InetAddress unspecified(int family) {
        return fromBytes(new byte[family == Rtnetlink.AF_INET ? 4 : 16]);
    }

    /** The address as text: dotted quad, or IPv6 in the RFC 5952 section 4 canonical form ({@code fd00::2}). */
    static String format(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return address.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 section 4.2.2: a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
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

    private static int decimalOctet(String part) {
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
