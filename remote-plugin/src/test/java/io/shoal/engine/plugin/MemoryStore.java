package io.shoal.engine.plugin;

import io.shoal.spi.DriverStore;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** A DriverStore in memory (a minimal private one; driver-support's testing MapDriverStore is not a dependency). */
final class MemoryStore implements DriverStore {
    final ConcurrentSkipListMap<String, String> entries = new ConcurrentSkipListMap<>();

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
        Map<String, String> out = new TreeMap<>();
        entries.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
