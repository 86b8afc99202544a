package io.shoal.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.ipam.AddressRequest;
import io.shoal.spi.ipam.HostRoutes;
import io.shoal.spi.ipam.PoolAllocation;
import io.shoal.spi.ipam.PoolRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random sequences of requests and releases, checked against a simple model of the specification (a set of taken
 * offsets and a cursor), and run from several threads at once.
 */
class IpamPropertiesTest {
    /** A small pool, so that sequences run into exhaustion, wrap-around and every error. */
    record Shape(boolean v6, int hostBits, Optional<Integer> rangeBits, int rangeIndex) {
        IpPrefix subnet() {
            return v6
                    ? IpPrefix.parse("fd00:77::/" + (128 - hostBits))
                    : IpPrefix.parse("10.77.0.0/" + (32 - hostBits));
        }

        long size() {
            return 1L << hostBits;
        }

        /** First and last offset next-free allocation uses. */
        long windowFirst() {
            return rangeBits.map(bits -> (long) rangeIndex << bits).orElse(0L);
        }

        long windowLast() {
            return rangeBits.map(bits -> windowFirst() + (1L << bits) - 1).orElse(size() - 1);
        }

        Optional<IpPrefix> range() {
            return rangeBits.map(bits -> new IpPrefix(address(windowFirst()), subnet().addressBits() - bits));
        }

        InetAddress address(long offset) {
            return Addresses.fromNumber(
                    Addresses.first(subnet()).add(BigInteger.valueOf(offset)), subnet().addressBits());
        }

        /** Network and broadcast (IPv4), subnet-router anycast (IPv6); none in a /31 or /127 (RFC 3021, 6164). */
        boolean neverHandedOut(long offset) {
            if (hostBits <= 1) {
                return false;
            }
            return offset == 0 || (!v6 && offset == size() - 1);
        }
    }

    @Provide
    Arbitrary<Shape> shapes() {
        Arbitrary<Boolean> v6 = Arbitraries.of(true, false);
        // 1 host bit: the point-to-point /31 and /127
        Arbitrary<Integer> hostBits = Arbitraries.integers().between(1, 6);
        return Combinators.combine(v6, hostBits, Arbitraries.integers().between(0, 3), Arbitraries.integers())
                .as((family, bits, rangeChoice, seed) -> {
                    if (rangeChoice == 0 && bits >= 2) {
                        int rangeBits = bits - 1 - Math.floorMod(seed, 2);
                        int index = Math.floorMod(seed >> 1, 1 << (bits - rangeBits));
                        return new Shape(family, bits, Optional.of(rangeBits), index);
                    }
                    return new Shape(family, bits, Optional.empty(), 0);
                })
                // a range that leaves nothing after the gateway is refused up front; keep shapes that make a pool
                .filter(shape -> usable(shape) >= 2);
    }

    private static long usable(Shape shape) {
        long count = 0;
        for (long o = shape.windowFirst(); o <= shape.windowLast(); o++) {
            count += shape.neverHandedOut(o) ? 0 : 1;
        }
        return count;
    }

    /** An operation: 0 next free, 1 a specific offset, 2 release an offset. Offsets may fall outside the subnet. */
    record Op(int kind, long offset) {}

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> op = Combinators.combine(
                        Arbitraries.frequency(
                                net.jqwik.api.Tuple.of(5, 0),
                                net.jqwik.api.Tuple.of(2, 1),
                                net.jqwik.api.Tuple.of(4, 2)),
                        Arbitraries.longs().between(-2, 66))
                .as(Op::new);
        return op.list().ofMaxSize(300);
    }

    /** The specification, written as plainly as possible. */
    static final class Model {
        final Shape shape;
        final TreeSet<Long> endpoints = new TreeSet<>();
        long gateway;
        boolean gatewayHeld = true;
        long cursor;

        Model(Shape shape) {
            this.shape = shape;
            cursor = shape.windowFirst();
            gateway = shape.windowFirst();
            while (shape.neverHandedOut(gateway)) {
                gateway++;
            }
        }

        boolean taken(long offset) {
            return shape.neverHandedOut(offset) || endpoints.contains(offset) || (gatewayHeld && offset == gateway);
        }

        /** The outcome of an operation: the offset handed out or released, or an error kind. */
        Object apply(Op op) {
            if (op.kind() == 0) {
                long span = shape.windowLast() - shape.windowFirst() + 1;
                for (long i = 0; i < span; i++) {
                    long candidate = shape.windowFirst() + Math.floorMod(cursor - shape.windowFirst() + i, span);
                    if (!taken(candidate)) {
                        endpoints.add(candidate);
                        cursor = candidate == shape.windowLast() ? shape.windowFirst() : candidate + 1;
                        return candidate;
                    }
                }
                return ErrorKind.UNAVAILABLE;
            }
            long offset = op.offset();
            if (offset < 0 || offset >= shape.size() || shape.neverHandedOut(offset)) {
                return ErrorKind.INVALID_ARGUMENT;
            }
            if (op.kind() == 1) {
                if (taken(offset)) {
                    return ErrorKind.CONFLICT;
                }
                endpoints.add(offset);
                return offset;
            }
            if (gatewayHeld && offset == gateway) {
                gatewayHeld = false;
                return offset;
            }
            return endpoints.remove(offset) ? offset : ErrorKind.NOT_FOUND;
        }
    }

    private static Object perform(DefaultIpamDriver driver, String poolId, Shape shape, Op op) {
        try {
            InetAddress address = shape.address(Math.max(0, op.offset()));
            if (op.offset() < 0) {
                address = Addresses.fromNumber(
                        Addresses.first(shape.subnet()).subtract(BigInteger.ONE),
                        shape.subnet().addressBits());
            }
            InetAddress result;
            switch (op.kind()) {
                case 0 -> result = driver.requestAddress(AddressRequest.next(poolId))
                        .address()
                        .address();
                case 1 -> result = driver.requestAddress(AddressRequest.specific(poolId, address))
                        .address()
                        .address();
                default -> {
                    driver.releaseAddress(poolId, address);
                    result = address;
                }
            }
            return Addresses.toNumber(result)
                    .subtract(Addresses.first(shape.subnet()))
                    .longValueExact();
        } catch (DriverException e) {
            return e.kind();
        }
    }

    private static String createPool(DefaultIpamDriver driver, Shape shape) {
        PoolRequest.Builder request = PoolRequest.builder("local")
                .subnet(shape.subnet())
                .v6(shape.v6())
                .owner("model");
        shape.range().ifPresent(request::range);
        PoolAllocation pool = driver.requestPool(request.build());
        return pool.poolId();
    }

    @Property(tries = 400)
    void agreesWithTheModel(@ForAll("shapes") Shape shape, @ForAll("operations") List<Op> operations) {
        DefaultIpamDriver driver = DefaultIpamDriver.inMemory();
        String poolId = createPool(driver, shape);
        Model model = new Model(shape);
        assertThat(driver.pools().get(0).gateway().address()).isEqualTo(shape.address(model.gateway));
        for (Op op : operations) {
            assertThat(perform(driver, poolId, shape, op))
                    .as("%s on %s", op, shape)
                    .isEqualTo(model.apply(op));
        }
        assertThat(driver.endpointAddresses(poolId))
                .containsExactlyElementsOf(
                        model.endpoints.stream().map(shape::address).toList());
    }

    @Property(tries = 25)
    void theStoreRestoresWhatTheModelHolds(
            @ForAll("shapes") Shape shape,
            @ForAll("operations") List<Op> operations,
            @ForAll @IntRange(min = 1, max = 60) int reopenEvery) {
        Path dir = tempDir();
        Path file = dir.resolve("ipam.db");
        DefaultIpamDriver driver = openStore(file);
        try {
            String poolId = createPool(driver, shape);
            Model model = new Model(shape);
            int done = 0;
            for (Op op : operations) {
                assertThat(perform(driver, poolId, shape, op))
                        .as("%s on %s", op, shape)
                        .isEqualTo(model.apply(op));
                if (++done % reopenEvery == 0) {
                    driver.close();
                    driver = openStore(file);
                }
            }
            assertThat(driver.endpointAddresses(poolId))
                    .containsExactlyElementsOf(
                            model.endpoints.stream().map(shape::address).toList());
        } finally {
            driver.close();
            deleteTree(dir);
        }
    }

    private static DefaultIpamDriver openStore(Path file) {
        return DefaultIpamDriver.open(SqliteIpamStore.open(file), IpamConfig.defaults(), HostRoutes.none());
    }

    @Property(tries = 30)
    void concurrentRequestsNeverHandOutAnAddressTwice(
            @ForAll @IntRange(min = 2, max = 4) int threads,
            @ForAll @IntRange(min = 50, max = 400) int operationsPerThread,
            @ForAll long seed)
            throws InterruptedException {
        DefaultIpamDriver driver = DefaultIpamDriver.open(
                IpamStore.inMemory(),
                new IpamConfig(List.of(new DefaultPool(IpPrefix.parse("10.200.0.0/22"), 26)), true),
                HostRoutes.none());
        IpPrefix shared = IpPrefix.parse("10.9.0.0/26");
        IpPrefix sharedRange = IpPrefix.parse("10.9.0.32/27");
        String poolId = driver.requestPool(PoolRequest.builder("local")
                        .subnet(shared)
                        .range(sharedRange)
                        .owner("shared")
                        .build())
                .poolId();
        ConcurrentHashMap<InetAddress, Integer> holders = new ConcurrentHashMap<>();
        Set<IpPrefix> livePools = ConcurrentHashMap.newKeySet();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            Random random = new Random(seed + t);
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    runWorker(driver, poolId, shared, sharedRange, me, random, operationsPerThread, holders, livePools);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertThat(failures).isEmpty();
        assertThat(new HashSet<>(driver.endpointAddresses(poolId))).isEqualTo(holders.keySet());
        List<IpPrefix> automatic = driver.pools().stream()
                .filter(PoolInfo::automatic)
                .map(PoolInfo::subnet)
                .toList();
        assertThat(new HashSet<>(automatic)).isEqualTo(livePools);
    }

    private static void runWorker(
            DefaultIpamDriver driver,
            String poolId,
            IpPrefix shared,
            IpPrefix sharedRange,
            int me,
            Random random,
            int operations,
            ConcurrentHashMap<InetAddress, Integer> holders,
            Set<IpPrefix> livePools) {
        List<InetAddress> mine = new ArrayList<>();
        List<String> myPools = new ArrayList<>();
        for (int i = 0; i < operations; i++) {
            int choice = random.nextInt(100);
            try {
                if (choice < 45) {
                    InetAddress got = driver.requestAddress(AddressRequest.next(poolId))
                            .address()
                            .address();
                    assertThat(sharedRange.contains(got))
                            .as("%s in %s", got, sharedRange)
                            .isTrue();
                    claim(holders, got, me);
                    mine.add(got);
                } else if (choice < 55) {
                    InetAddress wanted = Addresses.fromNumber(
                            Addresses.first(shared).add(BigInteger.valueOf(1 + random.nextInt(62))), 32);
                    InetAddress got = driver.requestAddress(AddressRequest.specific(poolId, wanted))
                            .address()
                            .address();
                    assertThat(got).isEqualTo(wanted);
                    claim(holders, got, me);
                    mine.add(got);
                } else if (choice < 85) {
                    if (!mine.isEmpty()) {
                        InetAddress gone = mine.remove(random.nextInt(mine.size()));
                        holders.remove(gone); // the engine forgets the endpoint first, then releases
                        driver.releaseAddress(poolId, gone);
                    }
                } else if (choice < 93) {
                    PoolAllocation pool = driver.requestPool(PoolRequest.automatic("local", false, "t" + me));
                    for (IpPrefix other : livePools) {
                        assertThat(other.overlaps(pool.subnet()))
                                .as("%s vs %s", other, pool.subnet())
                                .isFalse();
                    }
                    livePools.add(pool.subnet());
                    myPools.add(pool.poolId());
                } else if (!myPools.isEmpty()) {
                    String gone = myPools.remove(random.nextInt(myPools.size()));
                    livePools.remove(IpPrefix.parse(gone.substring("local/".length())));
                    driver.releasePool(gone);
                }
            } catch (DriverException e) {
                if (e.kind() != ErrorKind.UNAVAILABLE && e.kind() != ErrorKind.CONFLICT) {
                    throw e;
                }
            }
        }
    }

    private static void claim(ConcurrentHashMap<InetAddress, Integer> holders, InetAddress address, int me) {
        Integer earlier = holders.putIfAbsent(address, me);
        if (earlier != null) {
            fail(address + " handed to thread " + me + " while thread " + earlier + " holds it");
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("ipam-property");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
