package io.shoal.ipam;

import io.shoal.spi.DriverException;
import io.shoal.spi.DriverStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The references {@link io.shoal.spi.ipam.PoolSharing} counts beyond a pool's first: how many more identical requests
 * hold it. In memory, and — when the engine hands the driver a {@link DriverStore} (the remote plugin does: its own
 * records) — also in that store, one entry per shared pool, {@code shared-pool/POOL-ID} = the count in decimal, written
 * before memory changes. So after a restart dockerd's repeated {@code ReleasePool}s still balance its {@code
 * RequestPool}s. Not thread-safe: the driver calls it under its pools lock.
 */
final class SharedPoolReferences {
    static final String PREFIX = "shared-pool/";

    private final Optional<DriverStore> store;
    private final Map<String, Integer> counts = new HashMap<>();

    private SharedPoolReferences(Optional<DriverStore> store) {
        this.store = store;
    }

    /** Counts kept in memory only: after a restart every pool has one reference. */
    static SharedPoolReferences inMemory() {
        return new SharedPoolReferences(Optional.empty());
    }

    /**
     * The counts kept in {@code store}, read back; an entry for a pool no longer {@code held} (a crash between the
     * pool's release and its entry's removal cannot leave one, but a store edited by hand can) is removed.
     *
     * @throws DriverException UNAVAILABLE when the store cannot be read or written; INTERNAL for an entry that is not a
     *     positive count
     */
    static SharedPoolReferences over(DriverStore store, Set<String> held) {
        SharedPoolReferences references = new SharedPoolReferences(Optional.of(store));
        store.list(PREFIX).forEach((key, value) -> {
            String poolId = key.substring(PREFIX.length());
            if (!held.contains(poolId)) {
                store.remove(key);
                return;
            }
            references.counts.put(poolId, parse(key, value));
        });
        return references;
    }

    private static int parse(String key, String value) {
        try {
            int count = Integer.parseInt(value.trim());
            if (count > 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DriverException(
                io.shoal.spi.ErrorKind.INTERNAL,
                "IPAM's shared pool record " + key + " holds '" + value + "', not a positive count; remove it");
    }

    /** The references beyond the first that {@code poolId} has (0 when it is not shared). */
    int extra(String poolId) {
        return counts.getOrDefault(poolId, 0);
    }

    /** Counts one more reference to {@code poolId}. */
    void add(String poolId) {
        int next = extra(poolId) + 1;
        store.ifPresent(s -> s.put(PREFIX + poolId, Integer.toString(next)));
        counts.put(poolId, next);
    }

    /**
     * Drops one reference beyond the first, if there is one.
     *
     * @return true when one was dropped (the pool stays); false when the caller holds the last one
     */
    boolean drop(String poolId) {
        int extra = extra(poolId);
        if (extra == 0) {
            return false;
        }
        if (extra == 1) {
            store.ifPresent(s -> s.remove(PREFIX + poolId));
            counts.remove(poolId);
        } else {
            store.ifPresent(s -> s.put(PREFIX + poolId, Integer.toString(extra - 1)));
            counts.put(poolId, extra - 1);
        }
        return true;
    }
}
