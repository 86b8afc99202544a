package io.shoal.engine.sqlite;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.sqlite.RecordDocuments.DocumentException;
import io.shoal.engine.store.Change;
import io.shoal.engine.store.Collection;
import io.shoal.engine.store.EngineStore;
import io.shoal.engine.undo.Undo;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;

/**
 * The engine's {@link EngineStore} in the engine's SQLite database (the file the drivers' {@code SqliteDriverStore}
 * and the IPAM driver share): table {@code engine_records(collection, id, document)}, one JSON document per record.
 * WAL journal, synchronous=NORMAL (a change that returned is atomic and survives a crash of the process; a power cut
 * may roll back the newest changes, as it wipes the namespaces and links they describe: docs/engine.md "State"),
 * busy timeout 5 s.
 *
 * <p>Documents are written by {@link RecordDocuments} (jackson-core's streaming API) in a stable format, the one
 * Jackson's databind wrote before: properties in alphabetical order, map entries sorted by key, {@code Instant} as
 * ISO-8601 text ({@code 2026-01-02T03:04:05Z}), an empty {@code Optional} as {@code null}, enums by name. Reading
 * ignores properties a record no longer has, and a property the document lacks becomes null (an empty {@code
 * Optional}), so records may gain and lose components across versions.
 *
 * <p>Thread-safe: calls are serialized by a lock, the {@link SharedDatabase}'s when the store is opened {@link
 * #over over one}. Errors: INTERNAL naming the collection and id (the
 * database refused, or a document does not map to its record); UNAVAILABLE when the database stayed busy (locked by
 * another connection) for the whole timeout.
 */
public final class SqliteEngineStore implements EngineStore {
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_FULL = 13;
    private static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);
    /** The system property that turns units of work off (see {@link #beginUnit}). */
    public static final String NO_UNITS = "shoal.store.noUnits";

    private static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS engine_records (collection TEXT NOT NULL,"
            + " id TEXT NOT NULL, document TEXT NOT NULL, PRIMARY KEY (collection, id))";
    private static final String UPSERT = "INSERT INTO engine_records (collection, id, document) VALUES (?, ?, ?)"
            + " ON CONFLICT (collection, id) DO UPDATE SET document = excluded.document";
    private static final String DELETE = "DELETE FROM engine_records WHERE collection = ? AND id = ?";

    private final SharedDatabase shared;
    private final Connection connection;
    private final Path database;
    private final Lock lock;
    /** The database this store opened for itself, closed with it; null over a shared one, which its owner closes. */
    private final SharedDatabase owned;
    /**
     * The writes' statements, prepared once rather than compiled and finalized at every write (a connect writes four
     * records in two commits: sixteen compilations it no longer pays, docs/performance.md "Session 14"). Used under
     * the lock, inside the transaction {@link SharedDatabase} runs.
     */
    private final PreparedStatement upsert;

    private final PreparedStatement delete;

    private SqliteEngineStore(SharedDatabase shared, SharedDatabase owned) throws SQLException {
        this.shared = shared;
        this.connection = shared.connection();
        this.database = shared.file();
        this.lock = shared.lock();
        this.owned = owned;
        this.upsert = shared.prepare(UPSERT);
        this.delete = shared.prepare(DELETE);
    }

    /**
     * The store over the daemon's shared connection (creating the {@code engine_records} table if needed); closing
     * it leaves the connection open.
     *
     * @throws EngineException UNAVAILABLE when the table cannot be made
     */
    public static SqliteEngineStore over(SharedDatabase shared) throws EngineException {
        createTable(shared);
        try {
            return new SqliteEngineStore(shared, null);
        } catch (SQLException e) {
            throw unavailable(shared.file(), e);
        }
    }

    private static EngineException unavailable(Path file, SQLException e) {
        return new EngineException(
                ErrorKind.UNAVAILABLE, "cannot open the engine store " + file + ": " + e.getMessage(), e);
    }

    private static void createTable(SharedDatabase shared) throws EngineException {
        shared.lock().lock();
        try (Statement statement = shared.connection().createStatement()) {
            statement.execute(CREATE_TABLE);
        } catch (SQLException e) {
            throw unavailable(shared.file(), e);
        } finally {
            shared.lock().unlock();
        }
    }

    /**
     * Opens (creating if needed) the database file and the {@code engine_records} table, waiting up to 5 s for a
     * lock another connection holds.
     *
     * @throws EngineException UNAVAILABLE when the file cannot be opened or the table made
     */
    public static SqliteEngineStore open(Path database) throws EngineException {
        return open(database, DEFAULT_BUSY_TIMEOUT);
    }

    /** {@link #open(Path)} waiting up to {@code busyTimeout} (PRAGMA busy_timeout) for another connection's lock. */
    public static SqliteEngineStore open(Path database, Duration busyTimeout) throws EngineException {
        SharedDatabase own;
        try {
            own = SharedDatabase.open(database, busyTimeout);
        } catch (SQLException e) {
            throw unavailable(database, e);
        }
        try {
            createTable(own);
            return new SqliteEngineStore(own, own);
        } catch (SQLException e) {
            throw closedAfter(own, unavailable(database, e));
        } catch (EngineException e) {
            throw closedAfter(own, e);
        }
    }

    /** Closes a database this store opened and could not set up; {@code failure}, with any close error suppressed. */
    private static EngineException closedAfter(SharedDatabase own, EngineException failure) {
        try {
            own.close();
        } catch (SQLException closing) {
            failure.addSuppressed(closing);
        }
        return failure;
    }

    @Override
    public void apply(List<Change> changes) throws EngineException {
        if (changes.isEmpty()) {
            return;
        }
        List<Document> documents = documents(changes);
        try {
            shared.write(c -> write(documents), () -> CrashPoints.before(changes), () -> CrashPoints.after(changes));
        } catch (SQLException e) {
            throw failed("write", changes.get(0), e);
        }
    }

    /**
     * Inside a unit of the calling thread ({@link #beginUnit}), the changes wait for the unit's next commit (their
     * crash points are told around it); otherwise {@link #apply}.
     */
    @Override
    public void applyLater(List<Change> changes) throws EngineException {
        if (changes.isEmpty()) {
            return;
        }
        List<Document> documents = documents(changes);
        try {
            shared.writeLater(
                    c -> write(documents), () -> CrashPoints.before(changes), () -> CrashPoints.after(changes));
        } catch (SQLException e) {
            throw failed("write", changes.get(0), e);
        }
    }

    /**
     * A unit of work of {@link SharedDatabase} (the one open on this thread, joined, or a new one); none (every write
     * its own transaction, as before units) when the system property {@value #NO_UNITS} is {@code true}, for
     * before/after benchmarks on one build.
     */
    @Override
    public Unit beginUnit() {
        if (Boolean.getBoolean(NO_UNITS)) {
            return () -> {};
        }
        SharedDatabase.Unit unit = shared.beginUnit();
        return () -> {
            try {
                unit.close();
            } catch (SQLException e) {
                throw failed("commit", null, e);
            }
        };
    }

    /**
     * The step runs, through an {@link Undo}, if the calling thread's unit's final commit fails (see {@link
     * SharedDatabase#onFailedCommit}); without a unit (or with units off) nothing is registered.
     */
    @Override
    public void onFailedCommit(String what, Undo.Step step) {
        shared.onFailedCommit(failure -> {
            Undo undo = new Undo();
            undo.onFailure(what, step);
            undo.rollBack(failure);
        });
    }

    /** A change as written: its collection and id, and its JSON document (null for a removal). */
    private record Document(Change change, String json) {}

    /** Encodes every document now, so a record that does not map fails its own call, not a later commit. */
    private List<Document> documents(List<Change> changes) throws EngineException {
        List<Document> documents = new ArrayList<>(changes.size());
        for (Change change : changes) {
            documents.add(new Document(change, change instanceof Change.Put<?> p ? json(p) : null));
        }
        return documents;
    }

    private void write(List<Document> documents) throws SQLException {
        for (Document document : documents) {
            Change change = document.change();
            PreparedStatement statement = document.json() != null ? upsert : delete;
            statement.setString(1, change.collection().name());
            statement.setString(2, change.id());
            if (document.json() != null) {
                statement.setString(3, document.json());
            }
            statement.executeUpdate();
        }
    }

    private String json(Change.Put<?> change) throws EngineException {
        try {
            return RecordDocuments.write(change.value());
        } catch (DocumentException e) {
            throw new EngineException(
                    ErrorKind.INTERNAL,
                    "the engine store cannot write " + describe(change) + " as a document: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public <T> Map<String, T> load(Collection<T> collection) throws EngineException {
        try {
            shared.commitPending();
        } catch (SQLException e) {
            throw failed("commit", null, e);
        }
        lock.lock();
        try {
            return read(collection);
        } finally {
            lock.unlock();
        }
    }

    private <T> Map<String, T> read(Collection<T> collection) throws EngineException {
        Map<String, T> records = new LinkedHashMap<>();
        String id = null;
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id, document FROM engine_records WHERE collection = ? ORDER BY id")) {
            query.setString(1, collection.name());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    id = rows.getString(1);
                    records.put(id, RecordDocuments.read(rows.getString(2), collection.type()));
                }
            }
            return records;
        } catch (SQLException e) {
            throw failed("read", collection.name(), id, e);
        } catch (DocumentException e) {
            throw new EngineException(
                    ErrorKind.INTERNAL,
                    "the engine store's record " + collection.name() + "/" + id + " does not map to "
                            + collection.type().getSimpleName() + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void close() {
        try {
            shared.close(upsert, delete);
        } catch (SQLException e) {
            // As the connection's close below: only a driver bug fails here, and the file stays consistent (WAL).
            System.getLogger(SqliteEngineStore.class.getName())
                    .log(System.Logger.Level.WARNING, "closing the engine store's statements failed", e);
        }
        if (owned == null) {
            return;
        }
        try {
            owned.close();
        } catch (SQLException e) {
            // Closing a JDBC connection to a local file fails only on a driver bug; the file stays consistent (WAL).
            System.getLogger(SqliteEngineStore.class.getName())
                    .log(System.Logger.Level.WARNING, "closing the engine store " + database + " failed", e);
        }
    }

    private EngineException failed(String what, Change change, SQLException e) {
        return change == null
                ? failed(what, null, null, e)
                : failed(what, change.collection().name(), change.id(), e);
    }

    private EngineException failed(String what, String collection, String id, SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        boolean busy = primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
        String object = collection == null ? "" : " " + collection + (id == null ? "" : "/" + id);
        if (primary == SQLITE_FULL || primary == SQLITE_READONLY) {
            // The file system under the database, not the engine, is at fault: say so and where (sqlite3 result codes).
            boolean full = primary == SQLITE_FULL;
            return new EngineException(
                    full ? ErrorKind.INSUFFICIENT_STORAGE : ErrorKind.INTERNAL,
                    "the engine store could not " + what + object + ": " + database
                            + (full ? " is on a full file system; free space" : " is read-only; make it writable")
                            + " (" + e.getMessage() + ")",
                    e);
        }
        return new EngineException(
                busy ? ErrorKind.UNAVAILABLE : ErrorKind.INTERNAL,
                "the engine store could not " + what + object + (busy ? " (database busy; retry)" : "") + ": "
                        + e.getMessage(),
                e);
    }

    private static String describe(Change change) {
        return change.collection().name() + "/" + change.id();
    }
}
