package io.shoal.engine.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.store.Change;
import io.shoal.engine.store.Collection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEngineStoreTest {
    enum Phase {
        CREATING,
        READY
    }

    record Subnet(String subnet, Optional<String> gateway) {}

    /** A record with every JSON-natural part a stored record may have. */
    record NetworkRecord(
            String name,
            boolean internal,
            int mtu,
            long createdSequence,
            Phase phase,
            Instant created,
            Optional<String> parent,
            Optional<Instant> removed,
            List<Subnet> subnets,
            Map<String, String> labels,
            Map<String, Subnet> byName) {}

    record Other(String text) {}

    /** Jackson cannot write an object without properties: a put of this fails half way through a batch. */
    record Unwritable(Object opaque) {}

    private static final Collection<NetworkRecord> NETWORKS = new Collection<>("network", NetworkRecord.class);
    private static final Collection<Other> OTHERS = new Collection<>("other", Other.class);
    private static final Collection<Unwritable> UNWRITABLE = new Collection<>("broken", Unwritable.class);

    @TempDir
    Path dir;

    static NetworkRecord sample(String name) {
        return new NetworkRecord(
                name,
                true,
                1450,
                9_000_000_000L,
                Phase.READY,
                Instant.parse("2026-11-29T22:50:01.123456789Z"),
                Optional.of("eth0"),
                Optional.empty(),
                List.of(
                        new Subnet("172.30.0.0/16", Optional.of("172.30.0.1")),
                        new Subnet("fd00::/64", Optional.empty())),
                Map.of("z", "last", "a", "first", "com.example.key", "value"),
                Map.of("v4", new Subnet("10.0.0.0/8", Optional.empty())));
    }

    @Test
    void recordsOfEveryJsonNaturalPartComeBackEqual() throws Exception {
        NetworkRecord a = sample("alpha");
        NetworkRecord b = new NetworkRecord(
                "beta",
                false,
                0,
                -1,
                Phase.CREATING,
                Instant.EPOCH,
                Optional.empty(),
                Optional.of(Instant.EPOCH),
                List.of(),
                Map.of(),
                Map.of());
        try (SqliteEngineStore store = SqliteEngineStore.open(dir.resolve("shoal.db"))) {
            store.apply(List.of(Change.put(NETWORKS, "id-a", a), Change.put(NETWORKS, "id-b", b)));
            store.apply(List.of(Change.put(OTHERS, "id-a", new Other("same id, other collection"))));

            assertThat(store.load(NETWORKS)).containsExactly(Map.entry("id-a", a), Map.entry("id-b", b));
            assertThat(store.load(OTHERS)).containsExactly(Map.entry("id-a", new Other("same id, other collection")));
        }
    }

    @Test
    void putReplacesAndDeleteRemovesInOneTransaction() throws Exception {
        try (SqliteEngineStore store = SqliteEngineStore.open(dir.resolve("shoal.db"))) {
            store.apply(List.of(Change.put(OTHERS, "1", new Other("one")), Change.put(OTHERS, "2", new Other("two"))));
            store.apply(List.of(
                    Change.put(OTHERS, "1", new Other("uno")),
                    Change.delete(OTHERS, "2"),
                    Change.delete(OTHERS, "never-there")));

            assertThat(store.load(OTHERS)).containsExactly(Map.entry("1", new Other("uno")));
            assertThat(store.load(NETWORKS)).isEmpty();
        }
    }

    @Test
    void aFailingBatchLeavesNothingAndNamesTheRecord() throws Exception {
        try (SqliteEngineStore store = SqliteEngineStore.open(dir.resolve("shoal.db"))) {
            store.apply(List.of(Change.put(OTHERS, "kept", new Other("before"))));

            assertThatThrownBy(() -> store.apply(List.of(
                            Change.put(OTHERS, "new", new Other("would be added")),
                            Change.delete(OTHERS, "kept"),
                            Change.put(UNWRITABLE, "x1", new Unwritable(new Object())))))
                    .isInstanceOfSatisfying(
                            EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                    .hasMessageContaining("broken/x1");

            assertThat(store.load(OTHERS)).containsExactly(Map.entry("kept", new Other("before")));
            // The connection is usable after the failure, in auto-commit again.
            store.apply(List.of(Change.put(OTHERS, "after", new Other("after"))));
            assertThat(store.load(OTHERS)).containsOnlyKeys("kept", "after");
        }
    }

    @Test
    void aStoredDocumentHasTheStableGoldenText() throws Exception {
        Path db = dir.resolve("shoal.db");
        try (SqliteEngineStore store = SqliteEngineStore.open(db)) {
            store.apply(List.of(Change.put(NETWORKS, "5ca1ab1e", sample("golden"))));
        }
        String golden = new String(
                        getClass()
                                .getResourceAsStream("/golden/engine-record.json")
                                .readAllBytes(),
                        StandardCharsets.UTF_8)
                .strip();
        assertThat(rawDocument(db, "network", "5ca1ab1e")).isEqualTo(golden);
    }

    @Test
    void aDocumentWithAnUnknownPropertyOrAMissingOptionalStillLoads() throws Exception {
        Path db = dir.resolve("shoal.db");
        try (SqliteEngineStore store = SqliteEngineStore.open(db)) {
            store.apply(List.of(Change.put(OTHERS, "x", new Other("x"))));
        }
        execute(db, "UPDATE engine_records SET document = '{\"text\":\"t\",\"gone\":1}' WHERE id = 'x'");
        execute(db, "INSERT INTO engine_records VALUES ('network', 'n', '{\"name\":\"n\",\"phase\":\"READY\"}')");
        try (SqliteEngineStore store = SqliteEngineStore.open(db)) {
            assertThat(store.load(OTHERS)).containsExactly(Map.entry("x", new Other("t")));
            NetworkRecord partial = store.load(NETWORKS).get("n");
            assertThat(partial.name()).isEqualTo("n");
            assertThat(partial.parent()).isEmpty();
            assertThat(partial.phase()).isEqualTo(Phase.READY);
        }
    }

    @Test
    void aDocumentThatDoesNotMapIsInternalNamingCollectionAndId() throws Exception {
        Path db = dir.resolve("shoal.db");
        try (SqliteEngineStore store = SqliteEngineStore.open(db)) {
            store.apply(List.of(Change.put(NETWORKS, "ok", sample("ok"))));
        }
        execute(db, "INSERT INTO engine_records VALUES ('network', 'bad', '{\"phase\":\"NO_SUCH_PHASE\"}')");
        try (SqliteEngineStore store = SqliteEngineStore.open(db)) {
            assertThatThrownBy(() -> store.load(NETWORKS))
                    .isInstanceOfSatisfying(
                            EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                    .hasMessageContaining("network/bad");
        }
    }

    @Test
    void recordsSurviveCloseAndReopenBesideTheDriversTable() throws Exception {
        Path db = dir.resolve("shoal.db");
        try (SqliteEngineStore store = SqliteEngineStore.open(db);
                io.shoal.engine.sqlite.SqliteDriverStore drivers =
                        io.shoal.engine.sqlite.SqliteDriverStore.open(db, "bridge")) {
            store.apply(List.of(Change.put(NETWORKS, "a", sample("a"))));
            drivers.put("network/a", "driver's own");
        }
        try (SqliteEngineStore store = SqliteEngineStore.open(db)) {
            assertThat(store.load(NETWORKS)).containsExactly(Map.entry("a", sample("a")));
        }
        assertThat(Files.exists(db)).isTrue();
    }

    @Test
    void aDatabaseLockedByAnotherConnectionIsUnavailable() throws Exception {
        Path db = dir.resolve("shoal.db");
        try (SqliteEngineStore store = SqliteEngineStore.open(db, Duration.ZERO);
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement lock = other.createStatement()) {
            lock.execute("BEGIN EXCLUSIVE");
            lock.execute("INSERT INTO engine_records VALUES ('other', 'held', '{}')");

            assertThatThrownBy(() -> store.apply(List.of(Change.put(OTHERS, "x", new Other("x")))))
                    .isInstanceOfSatisfying(
                            EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                    .hasMessageContaining("other/x");
            lock.execute("ROLLBACK");
        }
    }

    private static String rawDocument(Path db, String collection, String id) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT document FROM engine_records WHERE collection = '"
                        + collection + "' AND id = '" + id + "'")) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static void execute(Path db, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
