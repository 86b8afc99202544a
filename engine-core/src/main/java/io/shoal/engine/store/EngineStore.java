package io.shoal.engine.store;

import io.shoal.engine.errors.EngineException;
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
    /** Applies every change in one transaction: all of them or none. */
    void apply(List<Change> changes) throws EngineException;

    /** Every record of {@code collection}, by id. */
    <T> Map<String, T> load(Collection<T> collection) throws EngineException;

    /** Releases the database; the store is unusable afterwards. */
    @Override
    void close();
}
