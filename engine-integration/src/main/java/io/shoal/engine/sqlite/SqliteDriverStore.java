package io.shoal.engine.sqlite;

import io.shoal.spi.DriverException;
import io.shoal.spi.DriverStore;
import io.shoal.spi.ErrorKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The drivers' {@link DriverStore} in the engine's SQLite database: table {@code driver_state(driver, key, value)},
 * WAL journal, every call its own transaction (auto-commit), synchronous=NORMAL: a change that returned is atomic and
 * survives a crash of the process; a power cut may roll back the newest changes, as it wipes the kernel state they
 * describe (docs/engine.md). One instance per driver type, which it prefixes to nothing but the {@code driver} column.
 * Thread-safe: calls are serialized by a lock, the {@link SharedDatabase}'s when opened {@link #over over one}.
 */
public final class SqliteDriverStore implements DriverStore, AutoCloseable {
    private static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS driver_state ("
            + "driver TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (driver, key))";

    private final Connection connection;
    private final String driver;
    private final Lock lock;
    /** Whether {@link #close} closes the connection: false over a {@link SharedDatabase}, which its owner closes. */
    private final boolean ownsConnection;

    private SqliteDriverStore(Connection connection, String driver, Lock lock, boolean ownsConnection) {
        this.connection = connection;
        this.driver = driver;
        this.lock = lock;
        this.ownsConnection = ownsConnection;
    }

    /**
     * One driver's store over the daemon's shared connection (creating the table if needed); closing it leaves the
     * connection open.
     *
     * @throws DriverException UNAVAILABLE when the table cannot be made
     */
    public static SqliteDriverStore over(SharedDatabase shared, String driver) {
        shared.lock().lock();
        try (Statement statement = shared.connection().createStatement()) {
            statement.execute(CREATE_TABLE);
        } catch (SQLException e) {
            throw new DriverException(
                    ErrorKind.UNAVAILABLE, "cannot open the store " + shared.file() + ": " + e.getMessage(), e);
        } finally {
            shared.lock().unlock();
        }
        return new SqliteDriverStore(shared.connection(), driver, shared.lock(), false);
    }

    /**
     * Opens (creating if needed) the database file for one driver's records.
     *
     * @throws DriverException UNAVAILABLE when the file cannot be opened or written
     */
    public static SqliteDriverStore open(Path database, String driver) {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=NORMAL");
                statement.execute("PRAGMA busy_timeout=5000");
                statement.execute(CREATE_TABLE);
            }
            return new SqliteDriverStore(connection, driver, new ReentrantLock(), true);
        } catch (SQLException e) {
            throw new DriverException(
                    ErrorKind.UNAVAILABLE, "cannot open the store " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, String value) {
        locked(() -> update(
                "INSERT INTO driver_state (driver, key, value) VALUES (?, ?, ?) "
                        + "ON CONFLICT (driver, key) DO UPDATE SET value = excluded.value",
                key,
                value));
    }

    @Override
    public Optional<String> get(String key) {
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
        locked(() -> update("DELETE FROM driver_state WHERE driver = ? AND key = ?", key));
    }

    @Override
    public Map<String, String> list(String prefix) {
        return locked(() -> listed(prefix));
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

    private Void update(String sql, String... values) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, driver);
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 2, values[i]);
            }
            statement.executeUpdate();
            return null;
        } catch (SQLException e) {
            throw failed("write " + values[0], e);
        }
    }

    private DriverException failed(String what, SQLException e) {
        return new DriverException(
                ErrorKind.UNAVAILABLE,
                "the store could not " + what + " for driver " + driver + ": " + e.getMessage(),
                e);
    }

    @Override
    public void close() {
        if (!ownsConnection) {
            return;
        }
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw failed("close", e);
        } finally {
            lock.unlock();
        }
    }
}
