package io.shoal.engine.store;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.undo.Undo;
import java.util.List;
import java.util.Map;

/**
 * The engine's port to its persistent state (networks, endpoints, sandboxes, containers, images): records in
 * collections, changed in transactions. The production adapter is one SQLite database under the data root; tests
 * use an in-memory map. Controllers write each change here before the kernel or runtime work it describes, and read
 * everything back at start-up to restore.
 *
 * <p>Thread-safe. Failures are INTERNAL (the database refused; the message names the collection and id) or
 * UNAVAILABLE (busy; retry).
 */
public interface EngineStore extends AutoCloseable {
    /**
     * Applies every change in one transaction: all of them or none. Inside a {@link #beginUnit unit} the changes the
     * calling thread deferred with {@link #applyLater} are committed in the same transaction, before these.
     */
    void apply(List<Change> changes) throws EngineException;

    /**
     * Applies the changes no later than the end of the calling thread's {@link #beginUnit unit}: they wait there, and
     * are committed, in order, in one transaction with the next write on this thread that must be durable at once
     * (an {@link #apply}, a driver's intent) or when the unit closes. Without a unit this is {@link #apply}.
     *
     * <p>For changes whose loss in a crash the restore repairs: outcomes of work already done, and intents that a
     * later durable write of the same operation commits before the kernel work they describe (a driver writes its
     * intent before it plugs). Never for the last intent before kernel work the engine does itself.
     */
    default void applyLater(List<Change> changes) throws EngineException {
        apply(changes);
    }

    /**
     * Opens a unit of work on the calling thread (or joins the one open): one operation (a connect, a disconnect)
     * whose deferred writes, the engine's ({@link #applyLater}) and those of the stores sharing its database (IPAM,
     * the drivers'), are committed together. Close it on the same thread, in a finally block (try-with-resources),
     * while the locks that order the operation's writes are still held. Without a database that can defer, a unit
     * that does nothing.
     */
    default Unit beginUnit() {
        return () -> {};
    }

    /**
     * Registers how to take back work of the calling thread's open {@link #beginUnit unit} whose outcome only the
     * unit's final commit makes durable (an attach's endpoint, a detach's removal): if that commit fails, the steps
     * registered in the unit run, newest first, before {@link Unit#close} throws, each failure of a step added to the
     * commit's failure as suppressed (as {@link Undo#rollBack} does). A step must find out itself whether its work is
     * still there (a later step of the same operation may have taken it back already). Without a unit, or with a store
     * that writes every change at once, this does nothing: the outcome was durable when written.
     *
     * @param what what the step takes back, for the log: {@code detach c1 from web}
     */
    default void onFailedCommit(String what, Undo.Step step) {}

    /** An open unit of work (see {@link #beginUnit}). */
    interface Unit extends AutoCloseable {
        /**
         * Commits what the unit's writes left waiting (the outermost close only).
         *
         * @throws EngineException INTERNAL or UNAVAILABLE when that commit fails (then none of those writes is kept,
         *     and the steps registered with {@link #onFailedCommit} have run)
         */
        @Override
        void close() throws EngineException;
    }

    /** Every record of {@code collection}, by id. */
    <T> Map<String, T> load(Collection<T> collection) throws EngineException;

    /** Releases the database; the store is unusable afterwards. */
    @Override
    void close();
}
