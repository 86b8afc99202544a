package io.shoal.driver.support.testing;

import io.shoal.spi.DriverStore;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An in-memory {@link DriverStore} for tests and benchmarks; it keeps nothing across a JVM exit, so the engine never
 * uses it. A new driver over the same instance sees what the old one wrote, which is how the tests stand in for an
 * engine restart. In the main jar (not the test jar) so that bench's main code needs no test jar.
 */
public final class MapDriverStore implements DriverStore {
    private final ConcurrentSkipListMap<String, String> entries = new ConcurrentSkipListMap<>();

    @Override
    public void put(String key, String value) {
        entries.put(key, value);
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public void remove(String key) {
        entries.remove(key);
    }

    @Override
    public Map<String, String> list(String prefix) {
        // Sorted by key, as DriverStore promises.
        return Collections.unmodifiableSortedMap(new TreeMap<>(entries.subMap(prefix, prefix + Character.MAX_VALUE)));
    }

    /** True when no entry is left: the driver removed every record it wrote. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
