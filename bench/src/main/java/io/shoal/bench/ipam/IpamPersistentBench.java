package io.shoal.bench.ipam;

import io.shoal.ipam.DefaultIpamDriver;
import io.shoal.ipam.IpamConfig;
import io.shoal.ipam.SqliteIpamStore;
import io.shoal.net.IpAddresses;
import io.shoal.spi.ipam.AddressAllocation;
import io.shoal.spi.ipam.AddressRequest;
import io.shoal.spi.ipam.HostRoutes;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * As {@link IpamAllocationBench}, with every change committed to SQLite (WAL, synchronous=FULL) before the call
 * returns: one operation = two transactions (allocate, release). The store file is made in {@code java.io.tmpdir};
 * it is filled with one bulk transaction and then opened, so set-up does not take one fsync per address.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar IpamPersistentBench -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IpamPersistentBench {
    @Param({"10.0.0.0/16@0", "10.0.0.0/16@50", "10.0.0.0/16@99"})
    public String pool;

    private Path dir;
    private DefaultIpamDriver driver;
    private String poolId;
    private AddressRequest next;

    @Setup
    public void setUp() throws IOException, SQLException {
        PoolFill fill = PoolFill.parse(pool);
        dir = Files.createTempDirectory("ipam-bench");
        Path file = dir.resolve("ipam.db");
        try (DefaultIpamDriver making = open(file)) {
            poolId = fill.requestPool(making);
        }
        bulkInsert(file, poolId, fill);
        driver = open(file);
        next = AddressRequest.next(poolId);
    }

    private static DefaultIpamDriver open(Path file) {
        return DefaultIpamDriver.open(
                SqliteIpamStore.open(file), IpamConfig.defaults().withCheckHostRoutes(false), HostRoutes.none());
    }

    /** Writes endpoint rows straight into {@code ipam_addresses} (the table docs/ipam.md describes). */
    private static void bulkInsert(Path file, String poolId, PoolFill fill) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO ipam_addresses(pool_id, address, role, name) VALUES (?, ?, 'endpoint', NULL)")) {
                for (InetAddress address : fill.chosenAddresses()) {
                    insert.setString(1, poolId);
                    insert.setString(2, IpAddresses.format(address));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        driver.close();
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Benchmark
    public AddressAllocation allocateAndRelease() {
        AddressAllocation allocation = driver.requestAddress(next);
        driver.releaseAddress(poolId, allocation.address().address());
        return allocation;
    }
}
