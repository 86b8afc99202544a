package io.shoal.engine.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.shoal.engine.store.Change;
import io.shoal.engine.store.Collection;
import io.shoal.ipam.SqliteIpamStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedDatabaseTest {
    record Note(String text) {}

    private static final Collection<Note> NOTES = new Collection<>("note", Note.class);
    private static final int WRITERS = 4;
    private static final int WRITES = 40;

    @TempDir
    Path dir;

    @Test
    void theEngineTheDriversAndIpamShareOneConnectionAndTheirRecordsSurviveReopening() throws Exception {
        Path db = dir.resolve("shoal.db");
        try (SharedDatabase shared = SharedDatabase.open(db, Duration.ofSeconds(1));
                SqliteEngineStore engine = SqliteEngineStore.over(shared);
                SqliteDriverStore bridge = SqliteDriverStore.over(shared, "bridge")) {
            SqliteIpamStore ipam = SqliteIpamStore.open(shared.dataSource(), shared.lock());
            engine.apply(List.of(Change.put(NOTES, "a", new Note("engine"))));
            bridge.put("network/n", "driver");
            assertThat(ipam.setting("ula_prefix", () -> "fd00:1::/48")).isEqualTo("fd00:1::/48");
            // The stores' close leaves the shared connection to its owner.
            ipam.close();
            engine.close();
            bridge.close();
            assertThat(shared.connection().isClosed()).isFalse();
        }
        try (SqliteEngineStore engine = SqliteEngineStore.open(db);
                SqliteDriverStore bridge = SqliteDriverStore.open(db, "bridge")) {
            assertThat(engine.load(NOTES)).containsEntry("a", new Note("engine"));
            assertThat(bridge.get("network/n")).contains("driver");
            SqliteIpamStore ipam = SqliteIpamStore.open(db);
            assertThat(ipam.setting("ula_prefix", () -> "other")).isEqualTo("fd00:1::/48");
            ipam.close();
        }
    }

    /** The transaction's statements and the store's are prepared once and kept: a rollback leaves them usable. */
    @Test
    void aTransactionWhoseWorkFailsIsRolledBackAndTheNextWritesCommit() throws Exception {
        try (SharedDatabase shared = SharedDatabase.open(dir.resolve("shoal.db"), Duration.ofSeconds(1));
                SqliteDriverStore bridge = SqliteDriverStore.over(shared, "bridge")) {
            bridge.put("endpoint/a", "1");
            SQLException failure = new SQLException("the work failed");
            assertThatThrownBy(() -> shared.write(
                            connection -> {
                                try (Statement statement = connection.createStatement()) {
                                    statement.executeUpdate("UPDATE driver_state SET value = '2'");
                                }
                                throw failure;
                            },
                            () -> {},
                            () -> {}))
                    .isSameAs(failure);
            assertThat(bridge.get("endpoint/a")).contains("1");
            bridge.put("endpoint/b", "3");
            bridge.remove("endpoint/a");
            bridge.put("endpoint/b", "4");
            assertThat(bridge.list("endpoint/")).containsExactly(entry("endpoint/b", "4"));
        }
    }

    @Test
    void transactionsOfDifferentStoresOnDifferentThreadsDoNotMix() throws Exception {
        Path db = dir.resolve("shoal.db");
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS * 2);
        try (SharedDatabase shared = SharedDatabase.open(db, Duration.ofSeconds(1));
                SqliteEngineStore engine = SqliteEngineStore.over(shared);
                SqliteDriverStore bridge = SqliteDriverStore.over(shared, "bridge")) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < WRITES; i++) {
                        String id = writer + "-" + i;
                        // Two puts per transaction: a statement of another store inside it would commit it early
                        // or fail ("cannot start a transaction within a transaction").
                        engine.apply(List.of(
                                Change.put(NOTES, id + "a", new Note(id)), Change.put(NOTES, id + "b", new Note(id))));
                    }
                    return null;
                }));
                done.add(pool.submit(() -> {
                    for (int i = 0; i < WRITES; i++) {
                        bridge.put("endpoint/" + writer + "-" + i, "x");
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
            assertThat(engine.load(NOTES)).hasSize(WRITERS * WRITES * 2);
            assertThat(bridge.list("endpoint/")).hasSize(WRITERS * WRITES);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachStoreWaitsForTheSharedLockSoItsWritesStayOutOfAnotherUsersTransaction() throws Exception {
        Path db = dir.resolve("shoal.db");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (SharedDatabase shared = SharedDatabase.open(db, Duration.ofSeconds(1));
                SqliteEngineStore engine = SqliteEngineStore.over(shared);
                SqliteDriverStore bridge = SqliteDriverStore.over(shared, "bridge")) {
            ReentrantLock lock = (ReentrantLock) shared.lock();
            Future<?> enginePut;
            Future<?> driverPut;
            lock.lock();
            try (Statement statement = shared.connection().createStatement()) {
                // Another user's transaction, rolled back below: a store that did not wait would write inside it.
                statement.execute("BEGIN IMMEDIATE");
                enginePut = pool.submit(() -> {
                    engine.apply(List.of(Change.put(NOTES, "a", new Note("engine"))));
                    return null;
                });
                driverPut = pool.submit(() -> bridge.put("network/n", "driver"));
                while (lock.getQueueLength() < 2 && !enginePut.isDone() && !driverPut.isDone()) {
                    Thread.onSpinWait();
                }
                assertThat(enginePut).isNotDone();
                assertThat(driverPut).isNotDone();
                statement.execute("ROLLBACK");
            } finally {
                lock.unlock();
            }
            enginePut.get(60, TimeUnit.SECONDS);
            driverPut.get(60, TimeUnit.SECONDS);
            assertThat(engine.load(NOTES)).containsOnlyKeys("a");
            assertThat(bridge.get("network/n")).contains("driver");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherConnectionReadsTheCommittedRecordsWhileTheDaemonHoldsItsConnection() throws Exception {
        Path db = dir.resolve("shoal.db");
        try (SharedDatabase shared = SharedDatabase.open(db, Duration.ofSeconds(1));
                SqliteEngineStore engine = SqliteEngineStore.over(shared)) {
            engine.apply(List.of(Change.put(NOTES, "a", new Note("held"))));
            try (Connection reader = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
                    Statement statement = reader.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT count(*) FROM engine_records")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
            engine.apply(List.of(Change.put(NOTES, "b", new Note("after the reader"))));
            assertThat(engine.load(NOTES)).containsOnlyKeys("a", "b");
        }
    }
}
