package io.shoal.ipam;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The default IPAM driver's state in SQLite, in tables named {@code ipam_*} so it can share the engine's database
 * file. WAL journal, {@code synchronous=NORMAL}: a committed change is atomic and survives a crash of the process; a
 * power cut may roll back the newest commits (the WAL is synced at checkpoints, not at each commit; see
 * sqlite.org/pragma.html#pragma_synchronous), and it also wipes the kernel state those commits described.
 * Each method is one {@code BEGIN IMMEDIATE … COMMIT} transaction on one connection of its own.
 *
 * <p>Tables (documented in {@code docs/ipam.md}):
 *
 * <pre>
 * ipam_meta(key TEXT PRIMARY KEY, value TEXT)                      schema_version, ula_prefix
 * ipam_pools(pool_id TEXT PRIMARY KEY, address_space, subnet, ip_range, gateway, gateway_explicit, owner,
 *            automatic, cursor)
 * ipam_addresses(pool_id REFERENCES ipam_pools ON DELETE CASCADE, address, role, name,
 *                PRIMARY KEY(pool_id, address))
 * </pre>
 */
public final class SqliteIpamStore implements IpamStore {
    static final int SCHEMA_VERSION = 1;

    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS ipam_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS ipam_pools("
                + " pool_id TEXT PRIMARY KEY,"
                + " address_space TEXT NOT NULL,"
                + " subnet TEXT NOT NULL,"
                + " ip_range TEXT,"
                + " gateway TEXT NOT NULL,"
                + " gateway_explicit INTEGER NOT NULL,"
                + " owner TEXT,"
                + " automatic INTEGER NOT NULL,"
                + " cursor INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS ipam_addresses("
                + " pool_id TEXT NOT NULL REFERENCES ipam_pools(pool_id) ON DELETE CASCADE,"
                + " address TEXT NOT NULL,"
                + " role TEXT NOT NULL CHECK (role IN ('gateway', 'aux', 'endpoint')),"
                + " name TEXT,"
                + " PRIMARY KEY (pool_id, address)) WITHOUT ROWID",
    };

    private final Connection connection;
    private final String description;
    private final Lock lock;
    private volatile DeferredWrites deferred = DeferredWrites.NONE;
    private final PreparedStatement insertAddress;
    private final PreparedStatement updateCursor;
    private final PreparedStatement deleteAddress;
    /**
     * Each transaction's own statements, prepared once: {@code Statement.execute(sql)} compiles and finalizes its SQL
     * at every call (sqlite3_prepare_v2(3), sqlite3_finalize(3)), three times per transaction. Used under the lock.
     */
    private final PreparedStatement begin;

    private final PreparedStatement commit;
    private final PreparedStatement rollback;

    private SqliteIpamStore(Connection connection, String description, Lock lock) throws SQLException {
        this.connection = connection;
        this.description = description;
        this.lock = lock;
        lock.lock();
        try {
            // Before prepare(): the schema is created in a transaction.
            begin = connection.prepareStatement("BEGIN IMMEDIATE");
            commit = connection.prepareStatement("COMMIT");
            rollback = connection.prepareStatement("ROLLBACK");
            prepare();
        } finally {
            lock.unlock();
        }
        insertAddress = connection.prepareStatement(
                "INSERT INTO ipam_addresses(pool_id, address, role, name) VALUES (?,?,?,?)");
        updateCursor = connection.prepareStatement("UPDATE ipam_pools SET cursor = ? WHERE pool_id = ?");
        deleteAddress = connection.prepareStatement("DELETE FROM ipam_addresses WHERE pool_id = ? AND address = ?");
    }

    private void prepare() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            // NORMAL, not FULL: in WAL mode NORMAL is still atomic and consistent and survives a crash of the
            // process; it saves an fsync per commit (several milliseconds on a loaded disk; docs/performance.md).
            statement.execute("PRAGMA synchronous=NORMAL");
            statement.execute("PRAGMA foreign_keys=ON");
            // The engine shares the file: wait for its writers rather than fail at once.
            statement.execute("PRAGMA busy_timeout=5000");
        }
        connection.setAutoCommit(true);
        createSchema();
    }

    /**
     * Opens (creating when absent) the database file at {@code file}.
     *
     * @throws DriverException UNAVAILABLE when the file cannot be opened or holds a schema this version does not know
     */
    public static SqliteIpamStore open(Path file) {
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        try {
            return new SqliteIpamStore(DriverManager.getConnection(url), file.toString(), new ReentrantLock());
        } catch (SQLException e) {
            throw new DriverException(ErrorKind.UNAVAILABLE, "ipam store " + file + " cannot be opened: " + e, e);
        }
    }

    /**
     * Opens a connection of its own from the engine's data source (an SQLite database shared with other components).
     *
     * @throws DriverException UNAVAILABLE when no connection can be had
     */
    public static SqliteIpamStore open(DataSource dataSource) {
        return open(dataSource, new ReentrantLock());
    }

    /**
     * Opens the store over {@code dataSource}'s connection, holding {@code lock} around each transaction and read: the
     * lock every other user of that connection holds too, when the engine hands out one connection to all its stores.
     *
     * @throws DriverException UNAVAILABLE when no connection can be had
     */
    public static SqliteIpamStore open(DataSource dataSource, Lock lock) {
        try {
            return new SqliteIpamStore(dataSource.getConnection(), "the engine's store", lock);
        } catch (SQLException e) {
            throw new DriverException(ErrorKind.UNAVAILABLE, "ipam store cannot be opened: " + e, e);
        }
    }

    private void createSchema() throws SQLException {
        transaction("create the ipam tables", () -> {
            try (Statement statement = connection.createStatement()) {
                for (String ddl : SCHEMA) {
                    statement.execute(ddl);
                }
            }
            String found = readSetting("schema_version");
            if (found == null) {
                writeSetting("schema_version", Integer.toString(SCHEMA_VERSION));
            } else if (!found.equals(Integer.toString(SCHEMA_VERSION))) {
                throw DriverException.unavailable("ipam store " + description + " has schema version " + found
                        + "; this Shoal reads version " + SCHEMA_VERSION);
            }
            return null;
        });
    }

    @Override
    public StoreContents load() {
        return call("read the ipam state", () -> {
            List<StoredPool> pools = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT pool_id, address_space, subnet, ip_range, gateway,"
                            + " gateway_explicit, owner, automatic, cursor FROM ipam_pools ORDER BY pool_id")) {
                while (rows.next()) {
                    pools.add(new StoredPool(
                            rows.getString(1),
                            rows.getString(2),
                            IpPrefix.parse(rows.getString(3)),
                            Optional.ofNullable(rows.getString(4)).map(IpPrefix::parse),
                            IpAddresses.parse(rows.getString(5)),
                            rows.getInt(6) != 0,
                            Optional.ofNullable(rows.getString(7)),
                            rows.getInt(8) != 0,
                            rows.getLong(9)));
                }
            }
            List<StoredAddress> addresses = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows =
                            statement.executeQuery("SELECT pool_id, address, role, name FROM ipam_addresses")) {
                while (rows.next()) {
                    addresses.add(new StoredAddress(
                            rows.getString(1),
                            IpAddresses.parse(rows.getString(2)),
                            AddressRole.valueOf(rows.getString(3).toUpperCase(Locale.ROOT)),
                            Optional.ofNullable(rows.getString(4))));
                }
            }
            return new StoreContents(pools, addresses);
        });
    }

    @Override
    public String setting(String key, Supplier<String> initial) {
        return transaction("read setting " + key, () -> {
            String value = readSetting(key);
            if (value == null) {
                value = initial.get();
                writeSetting(key, value);
            }
            return value;
        });
    }

    @Override
    public void addPool(StoredPool pool, List<StoredAddress> reserved) {
        transaction("record pool " + pool.poolId(), () -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ipam_pools(pool_id, address_space,"
                    + " subnet, ip_range, gateway, gateway_explicit, owner, automatic, cursor)"
                    + " VALUES (?,?,?,?,?,?,?,?,?)")) {
                insert.setString(1, pool.poolId());
                insert.setString(2, pool.addressSpace());
                insert.setString(3, pool.subnet().toString());
                setOptional(insert, 4, pool.range().map(IpPrefix::toString));
                insert.setString(5, IpAddresses.format(pool.gateway()));
                insert.setInt(6, pool.gatewayExplicit() ? 1 : 0);
                setOptional(insert, 7, pool.owner());
                insert.setInt(8, pool.automatic() ? 1 : 0);
                insert.setLong(9, pool.cursor());
                insert.executeUpdate();
            }
            for (StoredAddress address : reserved) {
                insertAddress(address);
            }
            return null;
        });
    }

    @Override
    public void removePool(String poolId) {
        transaction("forget pool " + poolId, () -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM ipam_pools WHERE pool_id = ?")) {
                delete.setString(1, poolId);
                delete.executeUpdate(); // ON DELETE CASCADE takes its addresses
            }
            return null;
        });
    }

    /**
     * Lets address writes wait in the engine's unit of work ({@link DeferredWrites}); pools, gateways and settings are
     * always written at once. A cursor committed late may be older than another thread's: it is only where the next
     * search starts, and an address already recorded is skipped.
     */
    public SqliteIpamStore deferringTo(DeferredWrites writes) {
        this.deferred = writes;
        return this;
    }

    @Override
    public void addAddress(StoredAddress address, long cursor) {
        addressWrite("record " + IpAddresses.format(address.address()) + " in pool " + address.poolId(), () -> {
            insertAddress(address);
            updateCursor.setLong(1, cursor);
            updateCursor.setString(2, address.poolId());
            updateCursor.executeUpdate();
        });
    }

    @Override
    public void removeAddress(String poolId, InetAddress address) {
        addressWrite(
                "forget " + IpAddresses.format(address) + " in pool " + poolId, () -> deleteAddress(poolId, address));
    }

    @Override
    public void removeAddresses(String poolId, Collection<InetAddress> addresses) {
        addressWrite("forget " + addresses.size() + " addresses in pool " + poolId, () -> {
            for (InetAddress address : addresses) {
                deleteAddress(poolId, address);
            }
        });
    }

    /** An address write: deferred to the engine's unit of work when one is open, else its own transaction. */
    private void addressWrite(String what, DeferredWrites.Statements work) {
        if (deferred.defer(work)) {
            return;
        }
        transaction(what, () -> {
            work.run();
            return null;
        });
    }

    @Override
    public void replaceGateway(String poolId, InetAddress gateway, boolean explicit, Optional<InetAddress> previous) {
        transaction("make " + IpAddresses.format(gateway) + " the gateway of pool " + poolId, () -> {
            if (previous.isPresent()) {
                deleteAddress(poolId, previous.get());
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE ipam_pools SET gateway = ?, gateway_explicit = ? WHERE pool_id = ?")) {
                update.setString(1, IpAddresses.format(gateway));
                update.setInt(2, explicit ? 1 : 0);
                update.setString(3, poolId);
                update.executeUpdate();
            }
            insertAddress(new StoredAddress(poolId, gateway, AddressRole.GATEWAY, Optional.empty()));
            return null;
        });
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new DriverException(ErrorKind.UNAVAILABLE, "ipam store " + description + " did not close: " + e, e);
        } finally {
            lock.unlock();
        }
    }

    private void insertAddress(StoredAddress address) throws SQLException {
        insertAddress.setString(1, address.poolId());
        insertAddress.setString(2, IpAddresses.format(address.address()));
        insertAddress.setString(3, address.role().name().toLowerCase(Locale.ROOT));
        setOptional(insertAddress, 4, address.name());
        insertAddress.executeUpdate();
    }

    private void deleteAddress(String poolId, InetAddress address) throws SQLException {
        deleteAddress.setString(1, poolId);
        deleteAddress.setString(2, IpAddresses.format(address));
        deleteAddress.executeUpdate();
    }

    private String readSetting(String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT value FROM ipam_meta WHERE key = ?")) {
            select.setString(1, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private void writeSetting(String key, String value) throws SQLException {
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO ipam_meta(key, value) VALUES (?, ?)")) {
            insert.setString(1, key);
            insert.setString(2, value);
            insert.executeUpdate();
        }
    }

    private static void setOptional(PreparedStatement statement, int index, Optional<String> value)
            throws SQLException {
        if (value.isPresent()) {
            statement.setString(index, value.get());
        } else {
            statement.setNull(index, Types.VARCHAR);
        }
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one write transaction. {@code BEGIN IMMEDIATE} takes the write lock up front, so two
     * connections to the shared file never deadlock upgrading read locks (sqlite.org/lang_transaction.html).
     */
    private <T> T transaction(String what, SqlWork<T> work) {
        return call(what, () -> {
            begin.execute();
            try {
                T result = work.run();
                commit.execute();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(e);
                throw e;
            }
        });
    }

    private void rollback(Exception failure) {
        try {
            rollback.execute();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private <T> T call(String what, SqlWork<T> work) {
        lock.lock();
        try {
            return work.run();
        } catch (SQLException e) {
            throw new DriverException(
                    ErrorKind.UNAVAILABLE, "ipam store " + description + ": could not " + what + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }
}
