package io.shoal.ipam;

import static io.shoal.ipam.Fixtures.cidr;
import static io.shoal.ipam.Fixtures.ip;
import static io.shoal.ipam.Fixtures.next;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.net.MacAddress;
import io.shoal.spi.ipam.AddressRequest;
import io.shoal.spi.ipam.HostRoutes;
import io.shoal.spi.ipam.PoolRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stored IPAM format against a golden dump, {@code golden/ipam-store-v1.sql}: the three tables' schema and one row
 * of every kind (each pool shape, each address role, a MAC, a released gateway, a moved gateway, an unsigned cursor
 * above 2^63, the unique local prefix), as this version writes them.
 *
 * <p>Two directions. {@link #todaysCodeWritesWhatTheGoldenDumpHolds}: a change to what is written (schema, encoding of
 * a row) fails here; if deliberate, it needs a new schema version and a migration, and a new golden file beside the old
 * one ({@code -Dshoal.golden.update=true} writes the one for the current version; review the diff). {@link
 * #aStoreWrittenBySchemaVersion1RestoresEveryPoolAndAddress}: the committed dump, loaded into a fresh database and
 * opened by today's code, gives back every pool and address, so a change that would break restoring an existing
 * store fails here whatever it writes.
 */
class IpamStoreGoldenTest {
    private static final String GOLDEN = "golden/ipam-store-v" + SqliteIpamStore.SCHEMA_VERSION + ".sql";
    private static final String ULA = "fd4d:5a2c:9e01::/48";
    private static final String MAC = "02:42:0a:01:05:01";

    @TempDir
    Path dir;

    @Test
    void todaysCodeWritesWhatTheGoldenDumpHolds() throws Exception {
        Path file = dir.resolve("written.db");
        SqliteIpamStore store = SqliteIpamStore.open(file);
        store.setting(UniqueLocalPrefix.SETTING, () -> ULA);
        try (DefaultIpamDriver driver =
                DefaultIpamDriver.open(store, IpamConfig.defaults().withCheckHostRoutes(false), HostRoutes.none())) {
            writeEveryKindOfRow(driver);
        }
        String written = header() + dump(file);
        Path source = Path.of("src/test/resources").resolve(GOLDEN);
        if (Boolean.getBoolean("shoal.golden.update")) {
            Files.writeString(source, written);
            assertThat(Files.readString(source)).isEqualTo(written);
            return;
        }
        assertThat(written).isEqualTo(golden());
    }

    @Test
    void aStoreWrittenBySchemaVersion1RestoresEveryPoolAndAddress() throws Exception {
        Path file = dir.resolve("restored.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            SqliteDump.load(connection, golden("golden/ipam-store-v1.sql"));
        }
        try (DefaultIpamDriver driver = DefaultIpamDriver.open(
                SqliteIpamStore.open(file), IpamConfig.defaults().withCheckHostRoutes(false), HostRoutes.none())) {
            assertThat(driver.pools()).containsExactly(expectedPools().toArray(PoolInfo[]::new));
            assertThat(driver.endpointAddresses("local/10.1.0.0/16"))
                    .containsExactly(ip("10.1.5.0"), ip("10.1.5.1"), ip("10.1.9.9"));
            assertThat(driver.endpointAddresses("local/172.17.0.0/16")).containsExactly(ip("172.17.0.2"));
            assertThat(driver.endpointAddresses("local/fd4d:5a2c:9e01::/64")).containsExactly(ip("fd4d:5a2c:9e01::2"));
            assertThat(driver.endpointAddresses("global/fd00:48::/48"))
                    .containsExactly(ip("fd00:48:0:7:8000::1"), ip("fd00:48:0:7:8000::2"));
            assertThat(driver.endpointAddresses("local/10.255.1.0/31")).containsExactly(ip("10.255.1.1"));
            assertThat(driver.endpointAddresses("local/10.3.0.0/24")).isEmpty();
            // The cursors come back: next-free continues after the last address handed out, not at the start.
            assertThat(next(driver, "local/10.1.0.0/16")).isEqualTo("10.1.5.2");
            assertThat(next(driver, "global/fd00:48::/48")).isEqualTo("fd00:48:0:7:8000::3");
            assertThat(next(driver, "local/10.4.0.0/24")).isEqualTo("10.4.0.3");
            // The unique local prefix comes back: the next automatic IPv6 pool is cut from it.
            assertThat(driver.requestPool(PoolRequest.automatic("local", true, "later"))
                            .poolId())
                    .isEqualTo("local/fd4d:5a2c:9e01:1::/64");
        }
    }

    /** One row of every kind the store writes. */
    private static void writeEveryKindOfRow(DefaultIpamDriver driver) {
        String web = driver.requestPool(PoolRequest.builder("local")
                        .subnet("10.1.0.0/16")
                        .range("10.1.5.0/24")
                        .gateway("10.1.0.1")
                        .auxAddress("router", "10.1.0.2")
                        .owner("web")
                        .build())
                .poolId();
        next(driver, web);
        driver.requestAddress(new AddressRequest(web, Optional.empty(), Optional.of(MacAddress.parse(MAC)), Map.of()));
        driver.requestAddress(AddressRequest.specific(web, ip("10.1.9.9")));

        String automatic = driver.requestPool(PoolRequest.automatic("local", false, "auto"))
                .poolId();
        next(driver, automatic);
        String automaticV6 =
                driver.requestPool(PoolRequest.automatic("local", true, "auto")).poolId();
        next(driver, automaticV6);

        // No owner, the global space, shorter than /64 with a range in the upper half of its /64: cursor >= 2^63.
        String wide = driver.requestPool(PoolRequest.builder("global")
                        .subnet("fd00:48::/48")
                        .range("fd00:48:0:7:8000::/65")
                        .v6(true)
                        .build())
                .poolId();
        next(driver, wide);
        next(driver, wide);

        String pointToPoint = driver.requestPool(PoolRequest.builder("local")
                        .subnet("10.255.1.0/31")
                        .owner("p2p")
                        .build())
                .poolId();
        next(driver, pointToPoint);

        // The remote protocol releases the gateway before the pool: the pool row keeps it, the address row goes.
        String gone = driver.requestPool(PoolRequest.builder("local")
                        .subnet("10.3.0.0/24")
                        .owner("gone")
                        .build())
                .poolId();
        driver.releaseAddress(gone, ip("10.3.0.1"));

        // dockerd moves a driver-chosen gateway to the user's --gateway with a gateway request.
        String moved = driver.requestPool(PoolRequest.builder("local")
                        .subnet("10.4.0.0/24")
                        .owner("moved")
                        .build())
                .poolId();
        next(driver, moved);
        driver.requestAddress(new AddressRequest(
                moved,
                Optional.of(ip("10.4.0.254")),
                Optional.empty(),
                Map.of(AddressRequest.REQUEST_ADDRESS_TYPE, AddressRequest.GATEWAY_TYPE)));
    }

    private static List<PoolInfo> expectedPools() {
        return List.of(
                pool(
                        "global/fd00:48::/48",
                        "global",
                        "fd00:48::/48",
                        "fd00:48:0:7:8000::/65",
                        "fd00:48:0:7:8000::/48",
                        true,
                        Map.of(),
                        null,
                        false,
                        2),
                pool(
                        "local/10.1.0.0/16",
                        "local",
                        "10.1.0.0/16",
                        "10.1.5.0/24",
                        "10.1.0.1/16",
                        true,
                        Map.of("router", ip("10.1.0.2")),
                        "web",
                        false,
                        3),
                pool(
                        "local/10.255.1.0/31",
                        "local",
                        "10.255.1.0/31",
                        null,
                        "10.255.1.0/31",
                        true,
                        Map.of(),
                        "p2p",
                        false,
                        1),
                pool(
                        "local/10.3.0.0/24",
                        "local",
                        "10.3.0.0/24",
                        null,
                        "10.3.0.1/24",
                        false,
                        Map.of(),
                        "gone",
                        false,
                        0),
                pool(
                        "local/10.4.0.0/24",
                        "local",
                        "10.4.0.0/24",
                        null,
                        "10.4.0.254/24",
                        true,
                        Map.of(),
                        "moved",
                        false,
                        1),
                pool(
                        "local/172.17.0.0/16",
                        "local",
                        "172.17.0.0/16",
                        null,
                        "172.17.0.1/16",
                        true,
                        Map.of(),
                        "auto",
                        true,
                        1),
                pool(
                        "local/fd4d:5a2c:9e01::/64",
                        "local",
                        "fd4d:5a2c:9e01::/64",
                        null,
                        "fd4d:5a2c:9e01::1/64",
                        true,
                        Map.of(),
                        "auto",
                        true,
                        1));
    }

    private static PoolInfo pool(
            String id,
            String space,
            String subnet,
            String range,
            String gateway,
            boolean gatewayReserved,
            Map<String, InetAddress> aux,
            String owner,
            boolean automatic,
            long endpoints) {
        return new PoolInfo(
                id,
                space,
                cidr(subnet),
                Optional.ofNullable(range).map(Fixtures::cidr),
                cidr(gateway),
                gatewayReserved,
                aux,
                Optional.ofNullable(owner),
                automatic,
                endpoints);
    }

    private static String header() {
        return "-- Shoal's IPAM store, schema version " + SqliteIpamStore.SCHEMA_VERSION
                + ", as SqliteIpamStore writes it (docs/ipam.md, Persistence).\n"
                + "-- IpamStoreGoldenTest checks today's code writes exactly this and restores every pool and address"
                + " from it.\n";
    }

    private static String dump(Path file) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            return SqliteDump.dump(connection, "ipam_");
        }
    }

    private static String golden() throws IOException {
        return golden(GOLDEN);
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = IpamStoreGoldenTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in)
                    .as("golden file %s (write it with -Dshoal.golden.update=true)", name)
                    .isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
