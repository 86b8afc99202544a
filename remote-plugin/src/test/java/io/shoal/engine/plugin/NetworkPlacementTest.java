package io.shoal.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.driver.support.testing.MapDriverStore;
import io.shoal.spi.DriverException;
import io.shoal.spi.DriverStore;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.NetworkDriver;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Which driver serves a network: kept in the store for restarts, answered from memory for every endpoint call (a
 * store read per call cost every call of a connect a SQLite query).
 */
class NetworkPlacementTest {
    private static final String NET = "a".repeat(64);

    private final NetworkDriver bridge = new RecordingNetworkDriver("bridge", true);
    private final NetworkDriver macvlan = RecordingNetworkDriver.withoutHandOver("macvlan");
    private final Map<String, NetworkDriver> drivers = Map.of("bridge", bridge, "macvlan", macvlan);
    private final CountingStore store = new CountingStore();

    @Test
    void aPlacedNetworkIsAnsweredWithoutReadingTheStore() {
        NetworkPlacement placement = new NetworkPlacement(drivers, store);
        placement.place(NET, macvlan);
        assertThat(store.entries()).containsEntry("network/" + NET, "macvlan");
        for (int i = 0; i < 3; i++) {
            assertThat(placement.driverOf(NET)).isSameAs(macvlan);
        }
        assertThat(store.reads.get()).isZero();
    }

    @Test
    void aRestartedPluginReadsTheStoreOnceAndThenRemembers() {
        new NetworkPlacement(drivers, store).place(NET, macvlan);
        NetworkPlacement restarted = new NetworkPlacement(drivers, store);
        assertThat(restarted.driverOf(NET)).isSameAs(macvlan);
        assertThat(restarted.driverOf(NET)).isSameAs(macvlan);
        assertThat(store.reads.get()).isEqualTo(1);
    }

    @Test
    void aForgottenNetworkIsUnknownInMemoryAndInTheStore() {
        NetworkPlacement placement = new NetworkPlacement(drivers, store);
        placement.place(NET, bridge);
        placement.driverOf(NET);
        placement.forget(NET);
        assertThat(store.entries()).doesNotContainKey("network/" + NET);
        assertThatThrownBy(() -> placement.driverOf(NET))
                .isInstanceOfSatisfying(
                        DriverException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThat(new NetworkPlacement(drivers, store).find(NET)).isEmpty();
    }

    @Test
    void aStoreThatFailsToForgetLeavesTheNetworkKnown() {
        NetworkPlacement placement = new NetworkPlacement(drivers, store);
        placement.place(NET, bridge);
        store.failRemovals = true;
        assertThatThrownBy(() -> placement.forget(NET)).isInstanceOf(DriverException.class);
        assertThat(placement.driverOf(NET)).isSameAs(bridge);
        assertThat(store.entries()).containsEntry("network/" + NET, "bridge");
    }

    /** A store in memory that counts reads and can refuse removals. */
    private static final class CountingStore implements DriverStore {
        private final MapDriverStore inner = new MapDriverStore();
        final AtomicInteger reads = new AtomicInteger();
        boolean failRemovals;

        Map<String, String> entries() {
            return inner.list("");
        }

        @Override
        public void put(String key, String value) {
            inner.put(key, value);
        }

        @Override
        public Optional<String> get(String key) {
            reads.incrementAndGet();
            return inner.get(key);
        }

        @Override
        public void remove(String key) {
            if (failRemovals) {
                throw new DriverException(ErrorKind.UNAVAILABLE, "the store could not write " + key);
            }
            inner.remove(key);
        }

        @Override
        public Map<String, String> list(String prefix) {
            return inner.list(prefix);
        }
    }
}
