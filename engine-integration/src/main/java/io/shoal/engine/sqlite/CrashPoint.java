package io.shoal.engine.sqlite;

/**
 * Told each time the engine store is about to commit, and has committed, a transaction: the seam a fault-injection
 * test uses to stop the daemon between two steps of an operation (every step of network create/remove, connect,
 * disconnect, container create/start/stop/remove and image import is one store write, done before the kernel work it
 * describes). Implementations are found with {@link java.util.ServiceLoader}; Shoal's main code has none, so a normal
 * build only asks whether one is there (see {@link CrashPoints}). The one implementation lives in engine-integration's
 * test tree.
 */
public interface CrashPoint {
    /**
     * One point reached: {@code "before "} or {@code "after "} the commit, then {@code COLLECTION:PHASE} for each
     * record the transaction writes ({@code network:CREATING}, {@code endpoint:JOINED}, {@code container:RUNNING}),
     * {@code COLLECTION:put} for a record without a phase, {@code COLLECTION:delete} for a removal.
     */
    void reached(String point);
}
