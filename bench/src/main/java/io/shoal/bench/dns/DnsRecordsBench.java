package io.shoal.bench.dns;

import io.shoal.dns.records.EndpointRecord;
import io.shoal.dns.records.RecordRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * What one record update costs on a network of {@code endpoints} endpoints, through the public {@link RecordRegistry}
 * API: one join, one leave, one alias added and removed, and one lookup beside them. Every endpoint has a container
 * name, a 64-digit id (so a short id), one alias, one IPv4 and one IPv6 address, as a container on a dual-stack network.
 *
 * <p>Each measured join is undone after the invocation (and each measured leave prepared before it), outside the
 * measurement, so every operation meets a network of exactly {@code endpoints}. Times per operation in microseconds.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar DnsRecordsBench -f 1 -wi 2 -i 3 -p endpoints=100,1000}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DnsRecordsBench {
    static final String NETWORK = "bench";

    @Param({"100", "1000", "10000", "50000"})
    public int endpoints;

    private RecordRegistry registry;
    private EndpointRecord extra;
    private String middleId;
    private Name middleName;

    @Setup(Level.Trial)
    public void fill() {
        registry = new RecordRegistry();
        for (int i = 0; i < endpoints; i++) {
            registry.join(NETWORK, endpoint(i));
        }
        extra = endpoint(endpoints);
        middleId = endpoint(endpoints / 2).containerId();
        middleName = Name.fromConstantString("svc-" + endpoints / 2 + ".");
    }

    /** The endpoint {@link #join} added, taken out again after each invocation; not measured. */
    @State(Scope.Thread)
    public static class Joined {
        @TearDown(Level.Invocation)
        public void leaveAgain(DnsRecordsBench bench) {
            bench.registry.leave(NETWORK, bench.extra.containerId());
        }
    }

    /** The endpoint {@link #leave} removes, joined before each invocation; not measured. */
    @State(Scope.Thread)
    public static class ToLeave {
        @Setup(Level.Invocation)
        public void joinFirst(DnsRecordsBench bench) {
            bench.registry.join(NETWORK, bench.extra);
        }
    }

    @Benchmark
    public void join(Joined joined) {
        registry.join(NETWORK, extra);
    }

    @Benchmark
    public void leave(ToLeave toLeave) {
        registry.leave(NETWORK, extra.containerId());
    }

    @Benchmark
    public void aliasAddAndRemove() {
        registry.addAlias(NETWORK, middleId, "extra-alias");
        registry.removeAlias(NETWORK, middleId, "extra-alias");
    }

    @Benchmark
    public Object lookup() {
        return registry.lookup(middleId, middleName, Type.A);
    }

    /** The endpoint numbered {@code i}: {@code svc-I}, alias {@code alias-I}, 10.X.Y.Z and fd00:bench::I. */
    static EndpointRecord endpoint(int i) {
        return new EndpointRecord(
                String.format("%064x", i + 1),
                "svc-" + i,
                Optional.empty(),
                Set.of("alias-" + i),
                List.of(address(new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i}), ipv6(i)));
    }

    private static InetAddress ipv6(int i) {
        byte[] bytes = new byte[16];
        bytes[0] = (byte) 0xfd;
        bytes[12] = (byte) (i >>> 24);
        bytes[13] = (byte) (i >>> 16);
        bytes[14] = (byte) (i >>> 8);
        bytes[15] = (byte) i;
        return address(bytes);
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
