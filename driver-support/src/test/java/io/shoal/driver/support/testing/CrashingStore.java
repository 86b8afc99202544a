package io.shoal.driver.support.testing;

import io.shoal.spi.DriverStore;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * A {@link MapDriverStore} whose every write is a step of a {@link CrashSwitch} (so a test can crash before any of
 * them), and which can be told to refuse some writes, as a store whose disk is full would.
 */
public final class CrashingStore implements DriverStore {
    private final MapDriverStore entries = new MapDriverStore();
    private final CrashSwitch crash;
    private volatile BiPredicate<String, String> refused = (key, value) -> false;

    public CrashingStore(CrashSwitch crash) {
        this.crash = crash;
    }

    /** Refuses, with an unchecked exception, every write for which {@code test(key, value)} holds. */
    public void refuse(BiPredicate<String, String> test) {
        this.refused = test;
    }

    @Override
    public void put(String key, String value) {
        crash.step("store put " + key);
        if (refused.test(key, value)) {
            throw new IllegalStateException("the store refused to write " + key);
        }
        entries.put(key, value);
    }

    @Override
    public Optional<String> get(String key) {
        crash.read();
        return entries.get(key);
    }

    @Override
    public void remove(String key) {
        crash.step("store remove " + key);
        if (refused.test(key, null)) {
            throw new IllegalStateException("the store refused to remove " + key);
        }
        entries.remove(key);
    }

    @Override
    public Map<String, String> list(String prefix) {
        crash.read();
        return entries.list(prefix);
    }
}
