package io.shoal.bench.ipam;

import io.shoal.ipam.DefaultIpamDriver;
import io.shoal.net.IpPrefix;
import io.shoal.spi.ipam.AddressRequest;
import io.shoal.spi.ipam.PoolRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes a pool of a given size and fills a given share of it with addresses scattered at random, as endpoints that
 * came and went would leave it. Parameters are written {@code CIDR@PERCENT}, e.g. {@code 10.0.0.0/16@99}.
 */
final class PoolFill {
    final IpPrefix subnet;
    final int percent;

    private PoolFill(IpPrefix subnet, int percent) {
        this.subnet = subnet;
        this.percent = percent;
    }

    static PoolFill parse(String parameter) {
        int at = parameter.indexOf('@');
        return new PoolFill(IpPrefix.parse(parameter.substring(0, at)), Integer.parseInt(parameter.substring(at + 1)));
    }

    /** Requests the pool (gateway: its first address) and returns its id. */
    String requestPool(DefaultIpamDriver driver) {
        return driver.requestPool(PoolRequest.builder("local")
                        .subnet(subnet)
                        .owner("bench")
                        .build())
                .poolId();
    }

    /**
     * The IPv4 addresses to allocate: each usable address after the gateway with probability {@link #percent}%, so
     * the free ones are spread over the whole pool.
     */
    List<InetAddress> chosenAddresses() {
        long base = ipv4ToLong(subnet.address());
        long size = 1L << (32 - subnet.length());
        SplittableRandom random = new SplittableRandom(42);
        List<InetAddress> chosen = new ArrayList<>();
        for (long offset = 2; offset < size - 1; offset++) { // 0 network, 1 gateway, size-1 broadcast
            if (random.nextInt(100) < percent) {
                chosen.add(longToIpv4(base + offset));
            }
        }
        return chosen;
    }

    void fill(DefaultIpamDriver driver, String poolId) {
        for (InetAddress address : chosenAddresses()) {
            driver.requestAddress(AddressRequest.specific(poolId, address));
        }
    }

    private static long ipv4ToLong(InetAddress address) {
        long value = 0;
        for (byte b : address.getAddress()) {
            value = (value << 8) | (b & 0xff);
        }
        return value;
    }

    static InetAddress longToIpv4(long value) {
        byte[] raw = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an address", e);
        }
    }
}
