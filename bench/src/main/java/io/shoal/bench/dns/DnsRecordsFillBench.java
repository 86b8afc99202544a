package io.shoal.bench.dns;

import io.shoal.dns.records.RecordRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Loading {@code endpoints} endpoints into an empty registry, one join after the other, as a live restore of a big
 * network does: one shot per measurement, in milliseconds. The endpoints are {@link DnsRecordsBench}'s.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar DnsRecordsFillBench -f 1 -wi 1 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DnsRecordsFillBench {
    @Param({"50000"})
    public int endpoints;

    @Benchmark
    public RecordRegistry fill() {
        RecordRegistry registry = new RecordRegistry();
        for (int i = 0; i < endpoints; i++) {
            registry.join(DnsRecordsBench.NETWORK, DnsRecordsBench.endpoint(i));
        }
        return registry;
    }
}
