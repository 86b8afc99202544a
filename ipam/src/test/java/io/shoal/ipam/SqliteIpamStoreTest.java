package io.shoal.ipam;

import static io.shoal.ipam.Fixtures.assertFails;
import static io.shoal.ipam.Fixtures.cidr;
import static io.shoal.ipam.Fixtures.ip;
import static io.shoal.ipam.Fixtures.next;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.ipam.AddressRequest;
import io.shoal.spi.ipam.HostRoutes;
import io.shoal.spi.ipam.PoolAddress;
import io.shoal.spi.ipam.PoolAllocation;
import io.shoal.spi.ipam.PoolRequest;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class SqliteIpamStoreTest {
    @TempDir
    Path dir;

    private DefaultIpamDriver open(Path file) {
        return DefaultIpamDriver.open(
                SqliteIpamStore.open(file), IpamConfig.defaults().withCheckHostRoutes(false), HostRoutes.none());
    }

    @Test
    void reopeningRestoresPoolsAddressesAndTheCursor() {
        Path file = dir.resolve("shoal.db");
        String id;
        try (DefaultIpamDriver driver = open(file)) {
            PoolAllocation pool = driver.requestPool(PoolRequest.builder("local")
                    .subnet("10.1.0.0/24")
                    .range("10.1.0.0/25")
                    .gateway("10.1.0.254")
                    .auxAddress("router", "10.1.0.1")
                    .owner("web")
                    .build());
            id = pool.poolId();
            assertThat(next(driver, id)).isEqualTo("10.1.0.2");
            assertThat(next(driver, id)).isEqualTo("10.1.0.3");
            driver.releaseAddress(id, ip("10.1.0.3"));
            driver.requestAddress(AddressRequest.specific(id, ip("10.1.0.200")));
            driver.requestPool(PoolRequest.automatic("global", true, "v6"));
        }
        try (DefaultIpamDriver driver = open(file)) {
            List<PoolInfo> pools = driver.pools();
            assertThat(pools).hasSize(2);
            PoolInfo web = pools.stream()
                    .filter(p -> p.poolId().equals(id))
                    .findFirst()
                    .orElseThrow();
            assertThat(web.owner()).contains("web");
            assertThat(web.range()).contains(cidr("10.1.0.0/25"));
            assertThat(web.gateway()).isEqualTo(cidr("10.1.0.254/24"));
            assertThat(web.auxAddresses()).containsEntry("router", ip("10.1.0.1"));
            assertThat(driver.endpointAddresses(id)).containsExactly(ip("10.1.0.2"), ip("10.1.0.200"));
            assertThat(next(driver, id))
                    .as("the cursor survives: 10.1.0.3 was just released")
                    .isEqualTo("10.1.0.4");
            assertFails(
                    ErrorKind.CONFLICT,
                    "subnet 10.1.0.0/24 overlaps 10.1.0.0/24 of network web",
                    () -> driver.requestPool(
                            PoolRequest.builder("local").subnet("10.1.0.0/24").build()));
        }
    }

    @Test
    void theUniqueLocalPrefixIsGeneratedOncePerStore() {
        IpPrefix first;
        try (DefaultIpamDriver driver = open(dir.resolve("a.db"))) {
            first = ula(driver);
        }
        try (DefaultIpamDriver driver = open(dir.resolve("a.db"))) {
            assertThat(ula(driver)).isEqualTo(first);
        }
        try (DefaultIpamDriver driver = open(dir.resolve("b.db"))) {
            assertThat(ula(driver))
                    .as("40 random bits: another store, another prefix")
                    .isNotEqualTo(first);
        }
    }

    private static IpPrefix ula(DefaultIpamDriver driver) {
        return driver.defaultPools().stream()
                .filter(pool -> pool.base().isIpv6())
                .findFirst()
                .orElseThrow()
                .base();
    }

    @Test
    void storeIsWalWithOnlyIpamTables() throws SQLException {
        Path file = dir.resolve("shoal.db");
        try (DefaultIpamDriver driver = open(file)) {
            driver.requestPool(
                    PoolRequest.builder("local").subnet("10.1.0.0/24").build());
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement statement = connection.createStatement()) {
                try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
                    assertThat(mode.next()).isTrue();
                    assertThat(mode.getString(1)).isEqualTo("wal");
                }
                List<String> tables = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                    while (rows.next()) {
                        tables.add(rows.getString(1));
                    }
                }
                assertThat(tables).containsExactlyInAnyOrder("ipam_meta", "ipam_pools", "ipam_addresses");
                assertThat(count(statement, "ipam_addresses")).as("the gateway").isEqualTo(1);
            }
        }
    }

    @Test
    void releasingAPoolDeletesItsRows() throws SQLException {
        Path file = dir.resolve("shoal.db");
        try (DefaultIpamDriver driver = open(file)) {
            PoolAllocation pool = driver.requestPool(
                    PoolRequest.builder("local").subnet("10.1.0.0/24").build());
            next(driver, pool.poolId());
            driver.releasePool(pool.poolId());
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement statement = connection.createStatement()) {
                assertThat(count(statement, "ipam_pools")).isZero();
                assertThat(count(statement, "ipam_addresses")).isZero();
            }
        }
    }

    private static int count(Statement statement, String table) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    void sharesTheEnginesDatabaseThroughADataSource() throws SQLException {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + dir.resolve("engine.db"));
        try (Connection engine = dataSource.getConnection();
                Statement statement = engine.createStatement()) {
            statement.execute("CREATE TABLE engine_networks(id TEXT PRIMARY KEY)");
            statement.execute("INSERT INTO engine_networks VALUES ('n1')");
            try (DefaultIpamDriver driver = DefaultIpamDriver.open(
                    SqliteIpamStore.open(dataSource), IpamConfig.defaults(), HostRoutes.none())) {
                driver.requestPool(
                        PoolRequest.builder("local").subnet("10.1.0.0/24").build());
            }
            assertThat(count(statement, "engine_networks")).isEqualTo(1);
            assertThat(count(statement, "ipam_pools")).isEqualTo(1);
        }
    }

    @Test
    void reconcileIsDurable() {
        Path file = dir.resolve("shoal.db");
        String id;
        InetAddress kept;
        try (DefaultIpamDriver driver = open(file)) {
            id = driver.requestPool(
                            PoolRequest.builder("local").subnet("10.1.0.0/24").build())
                    .poolId();
            kept = driver.requestAddress(AddressRequest.next(id)).address().address();
            next(driver, id);
            next(driver, id);
            assertThat(driver.reconcile(Set.of(new PoolAddress(id, kept)))).hasSize(2);
        }
        try (DefaultIpamDriver driver = open(file)) {
            assertThat(driver.endpointAddresses(id)).containsExactly(kept);
            assertThat(driver.pools().get(0).gatewayReserved()).isTrue();
        }
    }

    @Test
    void aFailedWriteChangesNothing() {
        FailingStore store = new FailingStore();
        DefaultIpamDriver driver = DefaultIpamDriver.open(store, IpamConfig.defaults(), HostRoutes.none());
        String id = driver.requestPool(
                        PoolRequest.builder("local").subnet("10.1.0.0/24").build())
                .poolId();
        store.failing = true;
        assertFails(ErrorKind.UNAVAILABLE, "disk full", () -> next(driver, id));
        assertFails(
                ErrorKind.UNAVAILABLE,
                "disk full",
                () -> driver.requestPool(
                        PoolRequest.builder("local").subnet("10.2.0.0/24").build()));
        store.failing = false;
        assertThat(next(driver, id)).as("the failed request consumed nothing").isEqualTo("10.1.0.2");
        store.failing = true;
        assertFails(ErrorKind.UNAVAILABLE, "disk full", () -> driver.releaseAddress(id, ip("10.1.0.2")));
        assertFails(ErrorKind.UNAVAILABLE, "disk full", () -> driver.releasePool(id));
        store.failing = false;
        assertThat(driver.endpointAddresses(id)).containsExactly(ip("10.1.0.2"));
        assertThat(driver.pools()).extracting(PoolInfo::poolId).containsExactly(id);
        driver.releaseAddress(id, ip("10.1.0.2"));
        assertThat(driver.endpointAddresses(id)).isEmpty();
    }

    /** An in-memory store whose writes fail while {@link #failing} is set. */
    private static final class FailingStore implements IpamStore {
        private final IpamStore delegate = IpamStore.inMemory();
        volatile boolean failing;

        private void check() {
            if (failing) {
                throw DriverException.unavailable("ipam store: disk full");
            }
        }

        @Override
        public StoreContents load() {
            return delegate.load();
        }

        @Override
        public String setting(String key, Supplier<String> initial) {
            return delegate.setting(key, initial);
        }

        @Override
        public void addPool(StoredPool pool, List<StoredAddress> reserved) {
            check();
        }

        @Override
        public void removePool(String poolId) {
            check();
        }

        @Override
        public void addAddress(StoredAddress address, long cursor) {
            check();
        }

        @Override
        public void removeAddress(String poolId, InetAddress address) {
            check();
        }

        @Override
        public void removeAddresses(String poolId, Collection<InetAddress> addresses) {
            check();
        }

        @Override
        public void replaceGateway(
                String poolId, InetAddress gateway, boolean explicit, Optional<InetAddress> previous) {
            check();
        }

        @Override
        public void close() {}
    }
}
