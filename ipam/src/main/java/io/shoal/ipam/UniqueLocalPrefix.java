package io.shoal.ipam;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.Random;

/**
 * A unique local IPv6 /48 (RFC 4193 §3.1: {@code fd00::/8}, L bit set, then a 40-bit Global ID). The Global ID is
 * drawn from a cryptographic random source, which satisfies §3.2.1 ("MUST be generated with a pseudo-random
 * algorithm"); the SHA-1 recipe of §3.2.2 is only one suggested way of getting such bits, and the random bits are as
 * unlikely to collide. Generated once per store and kept in it, so the prefix survives restarts.
 */
final class UniqueLocalPrefix {
    /** The store setting that keeps the prefix. */
    static final String SETTING = "ula_prefix";

    private UniqueLocalPrefix() {}

    static IpPrefix generate() {
        return generate(new SecureRandom());
    }

    static IpPrefix generate(Random random) {
        byte[] raw = new byte[16];
        raw[0] = (byte) 0xfd;
        byte[] globalId = new byte[5];
        random.nextBytes(globalId);
        System.arraycopy(globalId, 0, raw, 1, 5);
        InetAddress address = IpAddresses.fromBytes(raw);
        return new IpPrefix(address, 48);
    }
}
