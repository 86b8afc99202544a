package io.shoal.engine.store;

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

/**
 * The drivers' {@link DriverStore} in the engine's SQLite database: table {@code driver_state(driver, key, value)},
 * WAL journal, every call its own transaction (auto-commit), synchronous=NORMAL: a change that returned is atomic and
 * survives a crash of the process; a power cut may roll back the newest changes, as it wipes the kernel state they
 * describe (docs/engine.md). One instance per driver type, which it prefixes to nothing but the {@code driver} column.
 */
public final class SqliteDriverStore implements DriverStore, AutoCloseable {
    private final Connection connection;
    private final String driver;

    private SqliteDriverStore(Connection connection, String driver) {
        this.connection = connection;
        this.driver = driver;
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
                statement.execute("CREATE TABLE IF NOT EXISTS driver_state ("
                        + "driver TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (driver, key))");
            }
            return new SqliteDriverStore(connection, driver);
        } catch (SQLException e) {
            throw new DriverException(
                    ErrorKind.UNAVAILABLE, "cannot open the store " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void put(String key, String value) {
        update(
                "INSERT INTO driver_state (driver, key, value) VALUES (?, ?, ?) "
                        + "ON CONFLICT (driver, key) DO UPDATE SET value = excluded.value",
                key,
                value);
    }

    @Override
    public synchronized Optional<String> get(String key) {
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
    public synchronized void remove(String key) {
        update("DELETE FROM driver_state WHERE driver = ? AND key = ?", key);
    }

    @Override
    public synchronized Map<String, String> list(String prefix) {
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

    private void update(String sql, String... values) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, driver);
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 2, values[i]);
            }
            statement.executeUpdate();
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
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failed("close", e);
        }
    }
}
