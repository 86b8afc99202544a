package io.shoal.engine.sqlite;

import io.shoal.ipam.DeferredWrites;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
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
 *
 * <p><b>Units of work.</b> A connect wrote 8 transactions and a disconnect 8 (the engine's endpoint and container
 * records, IPAM's address, the driver's endpoint phases), each with its file locks and WAL frames. Inside a unit
 * ({@link #beginUnit}, one per operation and thread) a store may {@link #writeLater defer} a write: it waits in the
 * unit, in memory, and is committed, in order, in the same transaction as the next {@link #write durable} write on
 * that thread (a driver's intent, written before the kernel work it describes) or at the unit's close. The lock is
 * held only while that transaction runs, never between a deferral and its commit, so no other lock is ever taken
 * under it. What a deferred write says is in the store only once committed: readers on other threads see the state
 * before it (the tables in memory are the live truth); a read on the deferring thread commits first.
 */
public final class SharedDatabase implements AutoCloseable {
    private final Connection connection;
    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * The transaction's own statements, prepared once: {@code Statement.execute(sql)} compiles its SQL and finalizes
     * it on every call (sqlite3_prepare_v2(3), sqlite3_finalize(3)), three times per transaction. Used under the lock.
     */
    private final PreparedStatement begin;

    private final PreparedStatement commit;
    private final PreparedStatement rollback;
    /** Per database, not static: a unit gathers the writes to this database only (a daemon opens one). */
    @SuppressWarnings("ThreadLocalUsage")
    private final ThreadLocal<Unit> units = new ThreadLocal<>();

    private SharedDatabase(Connection connection, Path file) throws SQLException {
        this.connection = connection;
        this.file = file;
        this.begin = connection.prepareStatement("BEGIN IMMEDIATE");
        this.commit = connection.prepareStatement("COMMIT");
        this.rollback = connection.prepareStatement("ROLLBACK");
    }

    /**
     * Opens (creating if needed) {@code file} in WAL mode.
     *
     * @throws SQLException the file cannot be opened, or another process holds its write lock (SQLITE_BUSY after
     *     {@code busyTimeout})
     */
    public static SharedDatabase open(Path file, Duration busyTimeout) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout=" + busyTimeout.toMillis());
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=NORMAL");
            }
            return new SharedDatabase(connection, file);
        } catch (SQLException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * {@code sql} compiled once on the shared connection, under the lock, for a store to run many times (under the
     * lock) and close with itself.
     *
     * @throws SQLException the statement does not compile (a missing table, say)
     */
    public PreparedStatement prepare(String sql) throws SQLException {
        lock.lock();
        try {
            return connection.prepareStatement(sql);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the two statements a store had from {@link #prepare}, under the lock, the second even when the first
     * fails.
     *
     * @throws SQLException a close failed (a second failure suppressed in it)
     */
    public void close(PreparedStatement first, PreparedStatement second) throws SQLException {
        lock.lock();
        try (PreparedStatement a = first;
                PreparedStatement b = second) {
            // closed on leaving
        } finally {
            lock.unlock();
        }
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

    /** Statements run on {@link #connection()} inside a transaction that {@link SharedDatabase} begins and commits. */
    @FunctionalInterface
    public interface Work {
        void run(Connection connection) throws SQLException;
    }

    /** A write waiting in a unit: its statements and what to tell just before and after its commit. */
    private record Pending(Work work, Runnable beforeCommit, Runnable afterCommit) {}

    /**
     * Opens a unit of work on the calling thread, or joins the one open there (then only the outermost close
     * commits). See the class comment.
     */
    public Unit beginUnit() {
        Unit open = units.get();
        if (open != null) {
            open.depth++;
            return open;
        }
        Unit unit = new Unit();
        units.set(unit);
        return unit;
    }

    /**
     * Registers {@code hook} with the calling thread's unit: if the unit's final commit (at its outermost close) fails,
     * the hooks run, newest first, with that failure, before {@link Unit#close} throws it. A hook must not throw.
     *
     * @return false without a unit open on this thread (nothing registered)
     */
    public boolean onFailedCommit(Consumer<SQLException> hook) {
        Unit unit = units.get();
        if (unit == null) {
            return false;
        }
        unit.failureHooks.push(hook);
        return true;
    }

    /** IPAM's address writes, deferred to the calling thread's unit when one is open (see the class comment). */
    public DeferredWrites ipamWrites() {
        return work -> {
            Unit unit = units.get();
            if (unit == null) {
                return false;
            }
            unit.pending.add(new Pending(c -> work.run(), () -> {}, () -> {}));
            return true;
        };
    }

    /**
     * Defers {@code work} to the calling thread's unit (see the class comment); without one, commits it at once as
     * {@link #write} does.
     *
     * @throws SQLException only without a unit: the transaction failed (nothing of it is kept)
     */
    public void writeLater(Work work, Runnable beforeCommit, Runnable afterCommit) throws SQLException {
        Unit unit = units.get();
        if (unit == null) {
            write(work, beforeCommit, afterCommit);
        } else {
            unit.pending.add(new Pending(work, beforeCommit, afterCommit));
        }
    }

    /**
     * Commits the calling thread's deferred writes, then {@code work}, in one transaction ({@code BEGIN IMMEDIATE}
     * ... {@code COMMIT}), telling {@code beforeCommit} and {@code afterCommit} around the commit (each deferred
     * write's own hooks too, in order). On return all of it survives a crash of the process.
     *
     * @throws SQLException the transaction failed and was rolled back: neither {@code work} nor the deferred writes
     *     are kept
     */
    public void write(Work work, Runnable beforeCommit, Runnable afterCommit) throws SQLException {
        List<Pending> batch = new ArrayList<>(takePending());
        batch.add(new Pending(work, beforeCommit, afterCommit));
        commit(batch);
    }

    /** Commits the calling thread's deferred writes now (before a read on this thread, which must see them). */
    public void commitPending() throws SQLException {
        List<Pending> batch = takePending();
        if (!batch.isEmpty()) {
            commit(batch);
        }
    }

    private List<Pending> takePending() {
        Unit unit = units.get();
        if (unit == null || unit.pending.isEmpty()) {
            return List.of();
        }
        List<Pending> taken = new ArrayList<>(unit.pending);
        unit.pending.clear();
        return taken;
    }

    private void commit(List<Pending> batch) throws SQLException {
        lock.lock();
        try {
            begin.execute();
            try {
                for (Pending pending : batch) {
                    pending.work().run(connection);
                }
                batch.forEach(p -> p.beforeCommit().run());
                commit.execute();
            } catch (SQLException | RuntimeException e) {
                try {
                    rollback.execute();
                } catch (SQLException rollingBack) {
                    e.addSuppressed(rollingBack);
                }
                throw e;
            }
        } finally {
            lock.unlock();
        }
        batch.forEach(p -> p.afterCommit().run());
    }

    /**
     * One operation's unit of work on one thread (see the class comment). {@link #close} on the thread that opened
     * it; the outermost close commits what waits.
     */
    public final class Unit implements AutoCloseable {
        private final List<Pending> pending = new ArrayList<>();
        private final Deque<Consumer<SQLException>> failureHooks = new ArrayDeque<>();
        private int depth = 1;

        private Unit() {}

        /**
         * Ends this level; the outermost commits the writes deferred in the unit.
         *
         * @throws SQLException that commit failed (nothing of it is kept; the {@link #onFailedCommit} hooks have run)
         */
        @Override
        public void close() throws SQLException {
            if (--depth > 0) {
                return;
            }
            units.remove();
            if (!pending.isEmpty()) {
                List<Pending> batch = new ArrayList<>(pending);
                pending.clear();
                try {
                    commit(batch);
                } catch (SQLException e) {
                    failureHooks.forEach(hook -> hook.accept(e));
                    throw e;
                }
            }
        }
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
        try (connection;
                PreparedStatement b = begin;
                PreparedStatement c = commit;
                PreparedStatement r = rollback) {
            // closed in reverse order: the statements, then the connection
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
