package io.shoal.bench.ipam;

import io.shoal.ipam.DefaultIpamDriver;
import io.shoal.spi.ipam.AddressRequest;
import io.shoal.spi.ipam.PoolRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Retained heap of an IPv6 /64 pool holding 100,000 addresses: allocated one after the other (the usual case), and
 * scattered at random over all 2^64 (the worst case for the index: one chunk per address). Measured as heap in use
 * after full GCs, before and after, with a warm-up round first so class loading is not counted.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar io.shoal.bench.ipam.IpamMemoryMain}
 */
public final class IpamMemoryMain {
    private static final int ADDRESSES = 100_000;

    private IpamMemoryMain() {}

    public static void main(String[] args) throws UnknownHostException {
        measure(false, false);
        for (boolean scattered : new boolean[] {false, true}) {
            measure(scattered, true);
        }
    }

    private static void measure(boolean scattered, boolean print) throws UnknownHostException {
        long before = usedHeapAfterGc();
        DefaultIpamDriver driver = DefaultIpamDriver.inMemory();
        try {
            fillAndReport(driver, before, scattered, print);
        } finally {
            Reference.reachabilityFence(driver);
        }
    }

    private static void fillAndReport(DefaultIpamDriver driver, long before, boolean scattered, boolean print)
            throws UnknownHostException {
        String poolId = driver.requestPool(PoolRequest.builder("local")
                        .subnet("fd00:1234::/64")
                        .v6(true)
                        .build())
                .poolId();
        SplittableRandom random = new SplittableRandom(7);
        byte[] prefix = InetAddress.getByName("fd00:1234::").getAddress();
        long start = System.nanoTime();
        for (int i = 0; i < ADDRESSES; i++) {
            if (scattered) {
                byte[] raw = prefix.clone();
                long host = random.nextLong() | 0x100; // keeps clear of ::0 (anycast) and ::1 (gateway)
                for (int b = 15; b >= 8; b--) {
                    raw[b] = (byte) host;
                    host >>>= 8;
                }
                driver.requestAddress(AddressRequest.specific(poolId, InetAddress.getByAddress(raw)));
            } else {
                driver.requestAddress(AddressRequest.next(poolId));
            }
        }
        long took = System.nanoTime() - start;
        long after = usedHeapAfterGc();
        if (print) {
            System.out.printf(
                    Locale.ROOT,
                    "/64 with %,d addresses %s: retained heap %.2f MB (index estimate %.2f MB), %,d allocations/s%n",
                    ADDRESSES,
                    scattered ? "scattered at random" : "allocated in sequence",
                    (after - before) / 1e6,
                    driver.estimatedIndexBytes(poolId) / 1e6,
                    BigInteger.valueOf(ADDRESSES)
                            .multiply(BigInteger.valueOf(1_000_000_000L))
                            .divide(BigInteger.valueOf(took))
                            .longValue());
        }
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
