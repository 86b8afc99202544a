package io.shoal.driver.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The restore of a {@link SkeletonDriver} after a restart or a reboot: reads every record and makes the tables and
 * the kernel match it, as {@link SkeletonDriver}'s class comment says, through the driver's hooks.
 */
final class SkeletonRestore<N extends NetworkRecord<N>, E extends EndpointRecord<E>> {
    private final SkeletonDriver<N, E> driver;
    private final DriverRecords<N, E> records;
    private final Map<String, NetworkSlot<N, E>> networks;

    SkeletonRestore(SkeletonDriver<N, E> driver, DriverRecords<N, E> records, Map<String, NetworkSlot<N, E>> networks) {
        this.driver = driver;
        this.records = records;
        this.networks = networks;
    }

    void run() {
        Teardown teardown = new Teardown(driver.type() + " driver state from the store");
        List<N> unfinished = new ArrayList<>();
        for (N network : records.networks()) {
            if (network.phase() == NetworkPhase.READY) {
                networks.put(network.id(), new NetworkSlot<>(restoreNetwork(network, teardown)));
            } else {
                unfinished.add(network);
            }
        }
        for (E endpoint : records.endpoints()) {
            NetworkSlot<N, E> slot = networks.get(endpoint.networkId());
            if (slot == null) {
                boolean unplugged = endpoint.phase() == EndpointPhase.IDLE
                        || teardown.step("unplug orphaned endpoint " + endpoint.id(), () -> driver.unplug(endpoint));
                if (unplugged) {
                    teardown.step("forget orphaned endpoint " + endpoint.id(), () -> records.remove(endpoint));
                }
                continue;
            }
            EndpointSlot<E> restored = new EndpointSlot<>();
            restored.record = restoreEndpoint(endpoint, teardown);
            slot.endpoints.put(endpoint.id(), restored);
        }
        driver.restored(teardown);
        for (N network : unfinished) {
            driver.forgetIfRemoved(network, teardown, true);
        }
        teardown.finish();
    }

    private N restoreNetwork(N network, Teardown teardown) {
        List<N> ensured = new ArrayList<>(List.of(network));
        teardown.step(
                "make what is missing of network " + network.name(), () -> ensured.set(0, driver.ensure(network)));
        N now = ensured.get(0);
        if (!now.equals(network)) {
            teardown.step("record network " + network.name(), () -> records.save(now));
        }
        return now;
    }

    private E restoreEndpoint(E endpoint, Teardown teardown) {
        if (endpoint.phase() == EndpointPhase.IDLE) {
            return endpoint;
        }
        if (endpoint.phase() == EndpointPhase.JOINED) {
            boolean[] present = {true};
            teardown.step("look for endpoint " + endpoint.id(), () -> present[0] = driver.plugged(endpoint));
            if (present[0]) {
                return endpoint;
            }
            // The sandbox went away and took the endpoint's interface with it (or the host rebooted).
        } else if (!teardown.step("unplug half-joined endpoint " + endpoint.id(), () -> driver.unplug(endpoint))) {
            // A join or a leave was under way when the driver stopped, and what it made could not be removed.
            return endpoint;
        }
        E left = endpoint.left();
        return teardown.step("record endpoint " + endpoint.id() + " as left", () -> records.save(left))
                ? left
                : endpoint;
    }
}
