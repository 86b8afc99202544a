package io.shoal.spi;

import java.util.Map;
import java.util.Optional;

/**
 * A driver's durable key-value state, kept by the engine in its embedded database. Keys are the driver's own (the
 * engine prefixes them with the driver type); values are small text records. Each call is one transaction: when it
 * returns, the change survives a crash.
 *
 * <p>A driver writes what it is about to make before it makes it, and removes it after it is gone, so that after a
 * crash {@code restore} finds every kernel object that might exist.
 *
 * <p>Thread-safe.
 */
public interface DriverStore {
    void put(String key, String value);

    Optional<String> get(String key);

    /** Removes the key; a no-op when absent. */
    void remove(String key);

    /** Every entry whose key starts with {@code prefix}, sorted by key. */
    Map<String, String> list(String prefix);
}
