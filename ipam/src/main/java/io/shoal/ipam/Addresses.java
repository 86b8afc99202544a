package io.shoal.ipam;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Address arithmetic on whole numbers: an IPv4 or IPv6 address as an unsigned {@link BigInteger}, and back. Text in and
 * out is {@link IpAddresses}'s.
 */
final class Addresses {
    private Addresses() {}

    static BigInteger toNumber(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    /** The address of {@code bits} (32 or 128) width whose value is {@code number}. */
    static InetAddress fromNumber(BigInteger number, int bits) {
        byte[] raw = new byte[bits / 8];
        byte[] value = number.toByteArray();
        int copy = Math.min(value.length, raw.length);
        System.arraycopy(value, value.length - copy, raw, raw.length - copy, copy);
        return IpAddresses.fromBytes(raw);
    }

    /** The first address of the prefix, as a number (host bits cleared). */
    static BigInteger first(IpPrefix prefix) {
        return toNumber(prefix.network().address());
    }

    /** The last address of the prefix, as a number (host bits set). */
    static BigInteger last(IpPrefix prefix) {
        return first(prefix).add(count(prefix)).subtract(BigInteger.ONE);
    }

    /** How many addresses the prefix holds. */
    static BigInteger count(IpPrefix prefix) {
        return BigInteger.ONE.shiftLeft(prefix.addressBits() - prefix.length());
    }

    static String family(IpPrefix prefix) {
        return prefix.isIpv4() ? "IPv4" : "IPv6";
    }

    static String family(InetAddress address) {
        return address instanceof Inet4Address ? "IPv4" : "IPv6";
    }
}
