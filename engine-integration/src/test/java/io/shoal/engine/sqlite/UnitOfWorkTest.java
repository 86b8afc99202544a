package io.shoal.engine.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.store.Change;
import io.shoal.engine.store.Collection;
import io.shoal.engine.store.EngineStore;
import io.shoal.ipam.AddressRole;
import io.shoal.ipam.SqliteIpamStore;
import io.shoal.ipam.StoredAddress;
import io.shoal.ipam.StoredPool;
import io.shoal.net.IpPrefix;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Units of work over the shared database: what the engine, IPAM and a driver defer stays out of the file (as another
 * connection sees it) until a durable write on the same thread or the unit's close commits it, all in one transaction.
 */
class UnitOfWorkTest {
    record Note(String text) {}

    private static final Collection<Note> NOTES = new Collection<>("note", Note.class);

    @TempDir
    Path dir;

    private Path db;

    @BeforeEach
    void file() {
        db = dir.resolve("shoal.db");
    }

    @Test
    void deferredWritesOfEveryStoreWaitForTheDriversIntentAndAreCommittedWithIt() throws Exception {
        try (SharedDatabase shared = SharedDatabase.open(db, Duration.ofSeconds(1));
                SqliteEngineStore engine = SqliteEngineStore.over(shared);
                SqliteDriverStore bridge = SqliteDriverStore.over(shared, "bridge")) {
            SqliteIpamStore ipam =
                    SqliteIpamStore.open(shared.dataSource(), shared.lock()).deferringTo(shared.ipamWrites());
            ipam.addPool(
                    new StoredPool(
                            "p1",
                            "local",
                            IpPrefix.parse("10.9.0.0/24"),
                            Optional.empty(),
                            address("10.9.0.1"),
                            false,
                            Optional.empty(),
                            false,
                            0),
                    List.of());
            try (EngineStore.Unit unit = engine.beginUnit()) {
                engine.applyLater(List.of(Change.put(NOTES, "endpoint", new Note("CREATING"))));
                ipam.addAddress(
                        new StoredAddress("p1", address("10.9.0.2"), AddressRole.ENDPOINT, Optional.empty()), 2);
                bridge.putLater("endpoint/e", "IDLE");
                assertThat(seen()).as("nothing deferred is in the file yet").isEqualTo("0 0 0");
                bridge.put("endpoint/e", "JOINING");
                assertThat(seen()).as("the intent commits what waited with it").isEqualTo("1 1 1");
                bridge.putLater("endpoint/e", "JOINED");
                engine.applyLater(List.of(Change.put(NOTES, "endpoint", new Note("JOINED"))));
                assertThat(value("SELECT value FROM driver_state WHERE key = 'endpoint/e'"))
                        .isEqualTo("JOINING");
            }
            assertThat(value("SELECT value FROM driver_state WHERE key = 'endpoint/e'"))
                    .isEqualTo("JOINED");
            assertThat(engine.load(NOTES)).containsEntry("endpoint", new Note("JOINED"));
            ipam.close();
        }
    }

    @Test
    void onlyTheOutermostCloseCommitsAndWithoutAUnitEveryWriteIsAtOnce() throws Exception {
        try (SharedDatabase shared = SharedDatabase.open(db, Duration.ofSeconds(1));
                SqliteEngineStore engine = SqliteEngineStore.over(shared)) {
            engine.applyLater(List.of(Change.put(NOTES, "a", new Note("alone"))));
            assertThat(count("engine_records")).isEqualTo(1);
            try (EngineStore.Unit outer = engine.beginUnit()) {
                try (EngineStore.Unit inner = engine.beginUnit()) {
                    engine.applyLater(List.of(Change.put(NOTES, "b", new Note("nested"))));
                }
                assertThat(count("engine_records")).isEqualTo(1);
            }
            assertThat(count("engine_records")).isEqualTo(2);
        }
    }

    @Test
    void aFailedFinalCommitRunsTheRegisteredStepsNewestFirstAndKeepsNothing() throws Exception {
        List<String> ran = new java.util.ArrayList<>();
        try (SharedDatabase shared = SharedDatabase.open(db, Duration.ofSeconds(1));
                SqliteEngineStore engine = SqliteEngineStore.over(shared)) {
            engine.onFailedCommit("without a unit", () -> ran.add("never"));
            EngineStore.Unit unit = engine.beginUnit();
            engine.applyLater(List.of(Change.put(NOTES, "endpoint", new Note("JOINED"))));
            engine.onFailedCommit("attach", () -> ran.add("attach"));
            engine.onFailedCommit("routes", () -> {
                ran.add("routes");
                throw new IllegalStateException("namespace gone");
            });
            shared.writeLater(
                    c -> {
                        throw new java.sql.SQLException("database or disk is full (simulated)");
                    },
                    () -> {},
                    () -> {});

            org.assertj.core.api.Assertions.assertThatThrownBy(unit::close)
                    .isInstanceOfSatisfying(io.shoal.engine.errors.EngineException.class, e -> assertThat(
                                    e.getCause().getSuppressed())
                            .extracting(Throwable::getMessage)
                            .containsExactly("undo failed: routes: java.lang.IllegalStateException: namespace gone"));
            assertThat(ran).containsExactly("routes", "attach");
            assertThat(engine.load(NOTES)).isEmpty();
            try (EngineStore.Unit next = engine.beginUnit()) {
                engine.applyLater(List.of(Change.put(NOTES, "endpoint", new Note("again"))));
            }
            assertThat(ran).hasSize(2);
            assertThat(engine.load(NOTES)).containsEntry("endpoint", new Note("again"));
        }
    }

    @Test
    void aReadOnTheDeferringThreadSeesItsOwnWrites() throws Exception {
        try (SharedDatabase shared = SharedDatabase.open(db, Duration.ofSeconds(1));
                SqliteEngineStore engine = SqliteEngineStore.over(shared);
                SqliteDriverStore bridge = SqliteDriverStore.over(shared, "bridge");
                EngineStore.Unit unit = engine.beginUnit()) {
            engine.applyLater(List.of(Change.put(NOTES, "a", new Note("mine"))));
            bridge.putLater("endpoint/e", "JOINED");
            assertThat(engine.load(NOTES)).containsKey("a");
            assertThat(bridge.get("endpoint/e")).contains("JOINED");
        }
    }

    @Test
    void theCrashPointsOfDeferredChangesAreToldAroundTheirCommit() throws Exception {
        List<String> told = RecordingCrashPoint.start();
        try (SharedDatabase shared = SharedDatabase.open(db, Duration.ofSeconds(1));
                SqliteEngineStore engine = SqliteEngineStore.over(shared);
                SqliteDriverStore bridge = SqliteDriverStore.over(shared, "bridge")) {
            try (EngineStore.Unit unit = engine.beginUnit()) {
                engine.applyLater(List.of(Change.put(NOTES, "a", new Note("x"))));
                assertThat(told).isEmpty();
                bridge.put("endpoint/e", "JOINING");
                assertThat(told).containsExactly("before note:put", "after note:put");
            }
        } finally {
            RecordingCrashPoint.stop();
        }
    }

    private static InetAddress address(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    /** Rows another connection sees: engine records, IPAM endpoint addresses, driver records. */
    private String seen() throws Exception {
        return count("engine_records") + " " + count("ipam_addresses") + " " + count("driver_state");
    }

    private int count(String table) throws Exception {
        return Integer.parseInt(value("SELECT count(*) FROM " + table));
    }

    private String value(String query) throws Exception {
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement statement = other.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }
}
