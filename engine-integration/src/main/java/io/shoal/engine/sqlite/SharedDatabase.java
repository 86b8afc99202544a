package io.shoal.engine.sqlite;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The daemon's one connection to its SQLite database ({@code DATA_ROOT/shoal.db}), shared by the engine store, every
 * driver's store and IPAM, with the one lock each of them holds around a transaction or a read.
 *
 * <p>Why one: a connect wrote 8 transactions over four connections to the same file; in WAL mode each connection
 * takes the file's locks per transaction (fcntl(2) on the file and the {@code -shm} index), and a commit on one made
 * the others drop their page caches and read the pages again (sqlite.org/wal.html). One connection keeps its cache
 * across its own commits. The locking mode stays NORMAL (not EXCLUSIVE, which would save the per-transaction fcntl
 * locks, about a microsecond each): other processes — an operator's {@code sqlite3 -readonly}, the e2e tests'
 * consistency checker — may read the file while the daemon runs. WAL with {@code synchronous=NORMAL} as before: a
 * committed change survives a crash of the process (docs/engine.md "State").
 *
 * <p>Thread-safe through {@link #lock()}: every user holds it for each transaction (BEGIN to COMMIT) and each read,
 * so no statement of one user runs inside another's transaction.
 */
public final class SharedDatabase implements AutoCloseable {
    private final Connection connection;
    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();

    private SharedDatabase(Connection connection, Path file) {
        this.connection = connection;
        this.file = file;
    }

    /**
     * Opens (creating if needed) {@code file} in WAL mode.
     *
     * @throws SQLException the file cannot be opened, or another process holds its write lock (SQLITE_BUSY after
     *     {@code busyTimeout})
     */
    public static SharedDatabase open(Path file, Duration busyTimeout) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout=" + busyTimeout.toMillis());
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=NORMAL");
        } catch (SQLException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return new SharedDatabase(connection, file);
    }

    /** The shared connection; use it only while holding {@link #lock()}, and never close it. */
    public Connection connection() {
        return connection;
    }

    /** The lock every user holds around each transaction and each read on {@link #connection()}. */
    public Lock lock() {
        return lock;
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /**
     * A data source for components that take one (IPAM): each {@code getConnection()} is the shared connection behind
     * a view whose {@code close()} does nothing. Its users must hold {@link #lock()} as well.
     */
    public DataSource dataSource() {
        Connection view = (Connection) Proxy.newProxyInstance(
                SharedDatabase.class.getClassLoader(), new Class<?>[] {Connection.class}, new UnclosableView());
        return new ViewSource(view);
    }

    /** Closes the connection (the WAL is checkpointed and the lock released). */
    @Override
    public void close() throws SQLException {
        lock.lock();
        try {
            connection.close();
        } finally {
            lock.unlock();
        }
    }

    /** Forwards every call to the shared connection except {@code close()}, which only the owner may do. */
    private final class UnclosableView implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            return switch (method.getName()) {
                case "close" -> null;
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "shared connection to " + file;
                default -> forward(method, args);
            };
        }
    }

    private Object forward(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final class ViewSource implements DataSource {
        private final Connection view;

        ViewSource(Connection view) {
            this.view = view;
        }

        @Override
        public Connection getConnection() {
            return view;
        }

        @Override
        public Connection getConnection(String username, String password) {
            return view;
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // No logging of its own: the shared connection is already open.
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // Nothing to log in to.
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("no java.util.logging parent logger");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            throw new SQLException("not a wrapper of " + type.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return type.isInstance(this);
        }
    }
}
