package io.shoal.spi;

import java.util.Map;
import java.util.Optional;

/**
 * A driver's durable key-value state, kept by the engine in its embedded database (SQLite, one table, rows keyed by
 * driver type and key) and handed to the driver as a service of its {@link DriverContext}. Keys are the driver's own,
 * e.g. {@code network/ID}; the engine keeps each driver's keys apart from the others'. Values are small text records
 * (a few hundred bytes) whose format the driver owns and must keep readable across versions. Each call is one
 * transaction: when it returns, the change survives a crash ({@link #putLater} and {@link #removeLater} excepted, which
 * the engine may commit with its next write of the same operation).
 *
 * <p>A driver writes what it is about to make before it makes it, and removes it after it is gone, so that after a
 * crash {@code restore} finds every kernel object that might exist.
 *
 * <p>Thread-safe.
 */
public interface DriverStore {
    /**
     * Writes {@code value} under {@code key}, replacing what was there.
     *
     * @param key the driver's key
     * @param value the record's text
     * @throws DriverException UNAVAILABLE when the store cannot be written; nothing is changed then
     */
    void put(String key, String value);

    /**
     * {@link #put}, except that the engine may commit it later: no later than its next durable write of the same
     * operation (a {@link #put} or {@link #remove}, on the calling thread) or the operation's end, together with it.
     * For an outcome of kernel work already done (an endpoint joined, left), whose loss in a crash {@code restore}
     * repairs from the intent written before it; never for an intent. The default commits at once.
     *
     * @throws DriverException UNAVAILABLE when the store cannot be written
     */
    default void putLater(String key, String value) {
        put(key, value);
    }

    /**
     * {@link #remove} with {@link #putLater}'s timing: for a record of something already gone from the kernel.
     *
     * @throws DriverException UNAVAILABLE when the store cannot be written
     */
    default void removeLater(String key) {
        remove(key);
    }

    /**
     * @param key the driver's key
     * @return the record last written under it, or empty when there is none
     * @throws DriverException UNAVAILABLE when the store cannot be read
     */
    Optional<String> get(String key);

    /**
     * Removes the key; a no-op when absent.
     *
     * @param key the driver's key
     * @throws DriverException UNAVAILABLE when the store cannot be written; nothing is changed then
     */
    void remove(String key);

    /**
     * Every entry whose key starts with {@code prefix}, sorted by key; what {@code restore} reads at start.
     *
     * @param prefix a key prefix, e.g. {@code network/}; empty for every entry
     * @return a snapshot, immutable
     * @throws DriverException UNAVAILABLE when the store cannot be read
     */
    Map<String, String> list(String prefix);
}
