package io.shoal.ipam;

import java.sql.SQLException;

/**
 * Where the SQLite store's address writes (an address recorded or forgotten) may wait when the engine runs one
 * operation as a unit of work over the database it shares with IPAM: a service of the {@link
 * io.shoal.spi.DriverContext}, handed over with that {@link javax.sql.DataSource} and its lock. A deferred write is
 * committed with the engine's next durable write of the same operation (the driver's intent, before the kernel work
 * that uses the address) or at the operation's end; until then it is in memory only. Losing it in a crash is harmless:
 * an address whose record is lost was used by nothing durable yet, and the engine's restore frees addresses no
 * endpoint holds.
 */
@FunctionalInterface
public interface DeferredWrites {
    /** Never defers: every write is its own transaction. */
    DeferredWrites NONE = work -> false;

    /**
     * Queues {@code work} in the calling thread's unit of work, to run on the shared connection inside the unit's
     * transaction, under the shared lock.
     *
     * @return false when no unit is open on this thread: the store then commits the write itself, at once
     */
    boolean defer(Statements work);

    /** Statements on the shared connection, run inside a transaction someone else begins and commits. */
    @FunctionalInterface
    interface Statements {
        void run() throws SQLException;
    }
}
