package io.shoal.ipam;

import io.shoal.net.IpAddresses;
import java.net.InetAddress;

/**
 * A run of at most 2^64 consecutive addresses, starting at an address aligned to its size, numbered from 0: the
 * offsets a pool's {@link OffsetSet} holds. For IPv4 and for IPv6 prefixes of /64 or longer the block is the subnet
 * itself; for a shorter IPv6 subnet it is one /64 of it.
 */
final class AddressBlock {
    private final boolean v6;
    private final long baseHigh;
    private final long baseLow;
    /** Number of addresses minus one, so a 2^64 block fits (as -1, unsigned). */
    private final long lastOffset;

    private AddressBlock(boolean v6, long baseHigh, long baseLow, long lastOffset) {
        this.v6 = v6;
        this.baseHigh = baseHigh;
        this.baseLow = baseLow;
        this.lastOffset = lastOffset;
    }

    /**
     * The block of {@code 2^hostBits} addresses starting at {@code base}, which must be aligned to that size.
     *
     * @param hostBits 0..32 for IPv4, 0..64 for IPv6
     */
    static AddressBlock of(InetAddress base, int hostBits) {
        byte[] raw = base.getAddress();
        long last = hostBits == 64 ? -1L : (1L << hostBits) - 1;
        if (raw.length == 4) {
            return new AddressBlock(false, 0, readInt(raw), last);
        }
        return new AddressBlock(true, readLong(raw, 0), readLong(raw, 8), last);
    }

    long lastOffset() {
        return lastOffset;
    }

    /** True when {@code raw} (4 or 16 bytes) lies in this block. */
    boolean contains(byte[] raw) {
        if (v6 != (raw.length == 16)) {
            return false;
        }
        if (!v6) {
            return Long.compareUnsigned(readInt(raw) - baseLow, lastOffset) <= 0;
        }
        return readLong(raw, 0) == baseHigh && Long.compareUnsigned(readLong(raw, 8) - baseLow, lastOffset) <= 0;
    }

    /** The offset of {@code raw}, which {@link #contains} must have accepted. */
    long offsetOf(byte[] raw) {
        return v6 ? readLong(raw, 8) - baseLow : readInt(raw) - baseLow;
    }

    InetAddress addressAt(long offset) {
        long low = baseLow + offset;
        byte[] raw;
        if (v6) {
            raw = new byte[16];
            writeLong(raw, 0, baseHigh);
            writeLong(raw, 8, low);
        } else {
            raw = new byte[] {(byte) (low >>> 24), (byte) (low >>> 16), (byte) (low >>> 8), (byte) low};
        }
        return IpAddresses.fromBytes(raw);
    }

    private static long readInt(byte[] raw) {
        return ((raw[0] & 0xffL) << 24) | ((raw[1] & 0xffL) << 16) | ((raw[2] & 0xffL) << 8) | (raw[3] & 0xffL);
    }

    private static long readLong(byte[] raw, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = (value << 8) | (raw[i] & 0xffL);
        }
        return value;
    }

    private static void writeLong(byte[] raw, int from, long value) {
        for (int i = from + 7; i >= from; i--) {
            raw[i] = (byte) value;
            value >>>= 8;
        }
    }
}
