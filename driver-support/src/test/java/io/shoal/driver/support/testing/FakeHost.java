package io.shoal.driver.support.testing;

import io.shoal.netlink.KernelException;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The kernel objects a driver's recording fake kernel makes, as text keys and values ({@code "link br-x" ->
 * "bridge mtu 1500"}), with the kernel's answers: EEXIST for an object that exists, ENODEV for one that does not. Every
 * change is a step of a {@link CrashSwitch}. {@link #reboot} empties it but for what was added as permanent (a
 * physical link comes back after a reboot; bridges, veths, sandboxes and rules do not).
 */
public final class FakeHost {
    private static final int EEXIST = 17;
    private static final int ENODEV = 19;

    private final CrashSwitch crash;
    private final SortedMap<String, String> objects = new TreeMap<>();
    private final Set<String> permanent = new HashSet<>();

    public FakeHost(CrashSwitch crash) {
        this.crash = crash;
    }

    public CrashSwitch crash() {
        return crash;
    }

    /** Adds an object, one step. */
    public void add(String key, String value) throws KernelException {
        crash.step("add " + key);
        synchronized (this) {
            if (objects.containsKey(key)) {
                throw KernelException.of("add", key, EEXIST, null);
            }
            objects.put(key, value);
        }
    }

    /** Sets an object whatever it was (a flag, a sysctl, a ruleset), one step. */
    public void set(String key, String value) {
        crash.step("set " + key + " " + value);
        synchronized (this) {
            objects.put(key, value);
        }
    }

    /** Deletes an object and every object {@code dependants} names (a link's addresses), one step. */
    public void delete(String key, Predicate<String> dependants) throws KernelException {
        crash.step("delete " + key);
        synchronized (this) {
            if (objects.remove(key) == null) {
                throw KernelException.of("delete", key, ENODEV, null);
            }
            objects.keySet().removeIf(dependants);
        }
    }

    /** Renames every object whose key contains {@code from} (a link and its addresses), one step. */
    public void rename(String key, String from, String to) throws KernelException {
        crash.step("rename " + key + " to " + to);
        synchronized (this) {
            if (!objects.containsKey(key)) {
                throw KernelException.of("rename", key, ENODEV, null);
            }
            SortedMap<String, String> moved = new TreeMap<>();
            objects.entrySet().removeIf(e -> {
                if (e.getKey().contains(from)) {
                    moved.put(e.getKey().replace(from, to), e.getValue());
                    return true;
                }
                return false;
            });
            objects.putAll(moved);
        }
    }

    /** Removes objects without a step: what the kernel does by itself (a namespace taking its links along). */
    public synchronized void vanish(Predicate<String> keys) {
        objects.keySet().removeIf(keys);
    }

    /** Test set-up, no step: an object that survives reboots when {@code survivesReboot}. */
    public synchronized void install(String key, String value, boolean survivesReboot) {
        objects.put(key, value);
        if (survivesReboot) {
            permanent.add(key);
        }
    }

    public synchronized boolean has(String key) {
        crash.read();
        return objects.containsKey(key);
    }

    public synchronized Optional<String> get(String key) {
        crash.read();
        return Optional.ofNullable(objects.get(key));
    }

    /** A reboot: everything goes but what was installed as surviving one. */
    public synchronized void reboot() {
        objects.keySet().removeIf(key -> !permanent.contains(key));
    }

    /** Every object, sorted by key. */
    public synchronized SortedMap<String, String> objects() {
        return new TreeMap<>(objects);
    }

    /** The objects whose keys start with one of {@code prefixes}. */
    public synchronized SortedMap<String, String> objects(String... prefixes) {
        SortedMap<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : objects.entrySet()) {
            for (String prefix : prefixes) {
                if (e.getKey().startsWith(prefix)) {
                    out.put(e.getKey(), e.getValue());
                }
            }
        }
        return out;
    }
}
