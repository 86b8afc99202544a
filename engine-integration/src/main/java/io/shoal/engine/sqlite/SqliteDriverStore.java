package io.shoal.engine.sqlite;

import io.shoal.spi.DriverException;
import io.shoal.spi.DriverStore;
import io.shoal.spi.ErrorKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/**
 * The drivers' {@link DriverStore} in the engine's SQLite database: table {@code driver_state(driver, key, value)},
 * WAL journal, every call its own transaction (with the writes the calling thread's unit of work deferred before it;
 * {@link #putLater} and {@link #removeLater} wait in that unit: SharedDatabase), synchronous=NORMAL: a change that returned is atomic and
 * survives a crash of the process; a power cut may roll back the newest changes, as it wipes the kernel state they
 * describe (docs/engine.md). One instance per driver type, which it prefixes to nothing but the {@code driver} column.
 * Thread-safe: calls are serialized by a lock, the {@link SharedDatabase}'s when opened {@link #over over one}.
 */
public final class SqliteDriverStore implements DriverStore, AutoCloseable {
    private static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS driver_state ("
            + "driver TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (driver, key))";

    private static final String UPSERT = "INSERT INTO driver_state (driver, key, value) VALUES (?, ?, ?) "
            + "ON CONFLICT (driver, key) DO UPDATE SET value = excluded.value";
    private static final String DELETE = "DELETE FROM driver_state WHERE driver = ? AND key = ?";

    private final SharedDatabase database;
    private final Connection connection;
    private final String driver;
    private final Lock lock;
    /** The database this store opened for itself, closed with it; null over a shared one, which its owner closes. */
    private final SharedDatabase owned;
    /**
     * The writes' statements, prepared once (not compiled and finalized at every write: a connect's driver calls write
     * one or two records each). Used under the lock, inside the transaction {@link SharedDatabase} runs.
     */
    private final PreparedStatement upsert;

    private final PreparedStatement delete;

    private SqliteDriverStore(SharedDatabase database, String driver, SharedDatabase owned) throws SQLException {
        this.database = database;
        this.connection = database.connection();
        this.driver = driver;
        this.lock = database.lock();
        this.owned = owned;
        this.upsert = database.prepare(UPSERT);
        this.delete = database.prepare(DELETE);
    }

    /**
     * One driver's store over the daemon's shared connection (creating the table if needed); closing it leaves the
     * connection open.
     *
     * @throws DriverException UNAVAILABLE when the table cannot be made
     */
    public static SqliteDriverStore over(SharedDatabase shared, String driver) {
        createTable(shared);
        try {
            return new SqliteDriverStore(shared, driver, null);
        } catch (SQLException e) {
            throw new DriverException(
                    ErrorKind.UNAVAILABLE, "cannot open the store " + shared.file() + ": " + e.getMessage(), e);
        }
    }

    private static void createTable(SharedDatabase shared) {
        shared.lock().lock();
        try (Statement statement = shared.connection().createStatement()) {
            statement.execute(CREATE_TABLE);
        } catch (SQLException e) {
            throw new DriverException(
                    ErrorKind.UNAVAILABLE, "cannot open the store " + shared.file() + ": " + e.getMessage(), e);
        } finally {
            shared.lock().unlock();
        }
    }

    /**
     * Opens (creating if needed) the database file for one driver's records.
     *
     * @throws DriverException UNAVAILABLE when the file cannot be opened or written
     */
    public static SqliteDriverStore open(Path database, String driver) {
        SharedDatabase own;
        try {
            own = SharedDatabase.open(database, Duration.ofSeconds(5));
        } catch (SQLException e) {
            throw new DriverException(
                    ErrorKind.UNAVAILABLE, "cannot open the store " + database + ": " + e.getMessage(), e);
        }
        try {
            createTable(own);
            return new SqliteDriverStore(own, driver, own);
        } catch (SQLException e) {
            DriverException failed = new DriverException(
                    ErrorKind.UNAVAILABLE, "cannot open the store " + database + ": " + e.getMessage(), e);
            closeQuietly(own, failed);
            throw failed;
        } catch (DriverException e) {
            closeQuietly(own, e);
            throw e;
        }
    }

    /** Commits at once, with whatever the calling thread's unit of work deferred before it (SharedDatabase). */
    @Override
    public void put(String key, String value) {
        write(key, c -> update(upsert, key, value), false);
    }

    /** Waits in the calling thread's unit of work, if one is open (SharedDatabase), for its next commit. */
    @Override
    public void putLater(String key, String value) {
        write(key, c -> update(upsert, key, value), true);
    }

    private void write(String key, SharedDatabase.Work work, boolean later) {
        try {
            if (later) {
                database.writeLater(work, () -> {}, () -> {});
            } else {
                database.write(work, () -> {}, () -> {});
            }
        } catch (SQLException e) {
            throw failed("write " + key, e);
        }
    }

    @Override
    public Optional<String> get(String key) {
        commitPending();
        return locked(() -> read(key));
    }

    private Optional<String> read(String key) {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT value FROM driver_state WHERE driver = ? AND key = ?")) {
            query.setString(1, driver);
            query.setString(2, key);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("read " + key, e);
        }
    }

    @Override
    public void remove(String key) {
        write(key, c -> update(delete, key), false);
    }

    @Override
    public void removeLater(String key) {
        write(key, c -> update(delete, key), true);
    }

    @Override
    public Map<String, String> list(String prefix) {
        commitPending();
        return locked(() -> listed(prefix));
    }

    /** A read on a thread whose unit deferred writes must see them: they are committed first. */
    private void commitPending() {
        try {
            database.commitPending();
        } catch (SQLException e) {
            throw failed("commit", e);
        }
    }

    private Map<String, String> listed(String prefix) {
        // substr() rather than LIKE: keys may contain % and _.
        try (PreparedStatement query = connection.prepareStatement("SELECT key, value FROM driver_state "
                + "WHERE driver = ? AND substr(key, 1, length(?)) = ? ORDER BY key")) {
            query.setString(1, driver);
            query.setString(2, prefix);
            query.setString(3, prefix);
            Map<String, String> out = new LinkedHashMap<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    out.put(rows.getString(1), rows.getString(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed("list " + prefix, e);
        }
    }

    private <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private void update(PreparedStatement statement, String... values) throws SQLException {
        statement.setString(1, driver);
        for (int i = 0; i < values.length; i++) {
            statement.setString(i + 2, values[i]);
        }
        statement.executeUpdate();
    }

    private DriverException failed(String what, SQLException e) {
        return new DriverException(
                ErrorKind.UNAVAILABLE,
                "the store could not " + what + " for driver " + driver + ": " + e.getMessage(),
                e);
    }

    /** Closes the store's statements, and the database when the store opened it ({@link #open}). */
    @Override
    public void close() {
        try {
            database.close(upsert, delete);
        } catch (SQLException e) {
            throw failed("close", e);
        }
        if (owned == null) {
            return;
        }
        try {
            owned.close();
        } catch (SQLException e) {
            throw failed("close", e);
        }
    }

    private static void closeQuietly(SharedDatabase database, Exception failure) {
        try {
            database.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
