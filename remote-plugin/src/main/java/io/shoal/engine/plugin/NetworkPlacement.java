package io.shoal.engine.plugin;

import io.shoal.spi.DriverException;
import io.shoal.spi.DriverStore;
import io.shoal.spi.NetworkDriver;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which Shoal driver serves each network dockerd created through the plugin, kept in the plugin's {@link DriverStore}
 * ({@code network/ID} → driver type) so a restarted plugin sends a network's calls to the same driver. The entry is
 * written before the driver makes the network and removed after the driver deleted it: after a crash an entry may name
 * a network its driver never made (its calls then get the driver's NOT_FOUND), never the other way round.
 *
 * <p>Every endpoint call asks which driver serves its network: the answer is kept in memory once read or written
 * (the store stays the truth: it is written before the memory and read on a miss, e.g. after a restart), so a call
 * costs no store read. dockerd serialises a network's creation and deletion with its endpoint calls.
 */
final class NetworkPlacement {
    private static final String PREFIX = "network/";

    private final Map<String, NetworkDriver> drivers;
    private final DriverStore store;
    /** Network id → driver type, as the store holds it; a network absent here is looked up in the store. */
    private final Map<String, String> known = new ConcurrentHashMap<>();

    NetworkPlacement(Map<String, NetworkDriver> drivers, DriverStore store) {
        this.drivers = Map.copyOf(drivers);
        this.store = store;
    }

    /** The driver of type {@code type}; INVALID_ARGUMENT naming the option and the known types otherwise. */
    NetworkDriver driverOfType(String type, String option) {
        NetworkDriver driver = drivers.get(type);
        if (driver == null) {
            throw DriverException.invalid("option " + option + "=" + type + ": Shoal has no such driver; use one of "
                    + new TreeMap<>(drivers).keySet());
        }
        return driver;
    }

    /** The driver serving {@code networkId}; NOT_FOUND when the plugin made no such network. */
    NetworkDriver driverOf(String networkId) {
        return find(networkId)
                .orElseThrow(() -> DriverException.notFound("network " + networkId
                        + " is not one of this plugin's (never created through it, or deleted)"));
    }

    Optional<NetworkDriver> find(String networkId) {
        String type = known.get(networkId);
        if (type == null) {
            Optional<String> stored = store.get(PREFIX + networkId);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            type = stored.get();
            known.put(networkId, type);
        }
        return Optional.ofNullable(drivers.get(type));
    }

    /** The driver serving {@code networkId} when memory knows it; empty otherwise (the store is not read). */
    Optional<NetworkDriver> known(String networkId) {
        return Optional.ofNullable(known.get(networkId)).map(drivers::get);
    }

    /** Records that {@code driver} serves {@code networkId}: the store first, then memory. */
    void place(String networkId, NetworkDriver driver) {
        store.put(PREFIX + networkId, driver.type());
        known.put(networkId, driver.type());
    }

    /** Forgets the network: the store, then memory (a failed store write leaves both naming it). */
    void forget(String networkId) {
        store.remove(PREFIX + networkId);
        known.remove(networkId);
    }
}
