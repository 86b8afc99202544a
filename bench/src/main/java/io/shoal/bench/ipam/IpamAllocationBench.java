package io.shoal.bench.ipam;

import io.shoal.ipam.DefaultIpamDriver;
import io.shoal.spi.ipam.AddressAllocation;
import io.shoal.spi.ipam.AddressRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Allocate the next free address and release it again, single-threaded, state in memory only, on a pool filled to
 * a share at random. One operation = one allocate + one release, through the public {@code IpamDriver} API.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar IpamAllocationBench -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IpamAllocationBench {
    @Param({"10.0.0.0/16@0", "10.0.0.0/16@50", "10.0.0.0/16@99", "10.0.0.0/8@50"})
    public String pool;

    private DefaultIpamDriver driver;
    private String poolId;
    private AddressRequest next;

    @Setup
    public void setUp() {
        PoolFill fill = PoolFill.parse(pool);
        driver = DefaultIpamDriver.inMemory();
        poolId = fill.requestPool(driver);
        fill.fill(driver, poolId);
        next = AddressRequest.next(poolId);
    }

    @Benchmark
    public AddressAllocation allocateAndRelease() {
        AddressAllocation allocation = driver.requestAddress(next);
        driver.releaseAddress(poolId, allocation.address().address());
        return allocation;
    }
}
