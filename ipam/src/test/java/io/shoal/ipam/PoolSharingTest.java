package io.shoal.ipam;

import static io.shoal.ipam.Fixtures.assertFails;
import static io.shoal.ipam.Fixtures.memoryDriver;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.spi.DriverStore;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.ipam.AddressRequest;
import io.shoal.spi.ipam.HostRoutes;
import io.shoal.spi.ipam.PoolAllocation;
import io.shoal.spi.ipam.PoolRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dockerd's repeated identical RequestPool calls share one pool, counted; shoald's plain requests still conflict. */
class PoolSharingTest {
    private final DefaultIpamDriver driver = memoryDriver();

    private static PoolRequest explicit(String subnet) {
        return PoolRequest.builder("local").subnet(subnet).build();
    }

    @Test
    void identicalRequestsGetTheSamePoolUntilTheLastRelease() {
        PoolAllocation first = driver.requestSharedPool(explicit("10.7.0.0/24"));
        driver.requestAddress(AddressRequest.next(first.poolId()));
        PoolAllocation second = driver.requestSharedPool(explicit("10.7.0.0/24"));

        assertThat(second).isEqualTo(first);
        driver.releasePool(first.poolId());
        assertThat(driver.pools()).extracting(PoolInfo::poolId).containsExactly(first.poolId());
        assertThat(driver.endpointAddresses(first.poolId())).hasSize(1);
        driver.releasePool(first.poolId());
        assertThat(driver.pools()).isEmpty();
        assertFails(ErrorKind.NOT_FOUND, "no IPAM pool", () -> driver.releasePool(first.poolId()));
    }

    @Test
    void aRangeOrAnOverlapIsNotIdentical() {
        driver.requestSharedPool(explicit("10.7.0.0/24"));
        assertFails(
                ErrorKind.CONFLICT,
                "overlaps 10.7.0.0/24",
                () -> driver.requestSharedPool(PoolRequest.builder("local")
                        .subnet("10.7.0.0/24")
                        .range("10.7.0.0/25")
                        .build()));
        assertFails(ErrorKind.CONFLICT, "overlaps", () -> driver.requestSharedPool(explicit("10.7.0.0/16")));
    }

    @Test
    void automaticRequestsAreNeverShared() {
        PoolAllocation one =
                driver.requestSharedPool(PoolRequest.builder("local").build());
        PoolAllocation two =
                driver.requestSharedPool(PoolRequest.builder("local").build());
        assertThat(two.subnet()).isNotEqualTo(one.subnet());
    }

    @Test
    void plainRequestsStillConflictAsShoaldExpects() {
        driver.requestPool(explicit("10.7.0.0/24"));
        assertFails(ErrorKind.CONFLICT, "overlaps", () -> driver.requestPool(explicit("10.7.0.0/24")));
    }

    /** A driver store in memory, sorted as the engine's. */
    private static final class MemoryDriverStore implements DriverStore {
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
            return new TreeMap<>(entries.tailMap(prefix).headMap(prefix + Character.MAX_VALUE));
        }
    }

    @TempDir
    Path directory;

    /** The driver over the pools in this test's SQLite file (as after a restart) and the references in {@code sharing}. */
    private DefaultIpamDriver reopen(MemoryDriverStore sharing) {
        return DefaultIpamDriver.open(
                SqliteIpamStore.open(directory.resolve("ipam.db")),
                IpamConfig.defaults().withCheckHostRoutes(false),
                HostRoutes.none(),
                Optional.of(sharing));
    }

    @Test
    void referencesKeptInAStoreSurviveARestartAndStillBalance() {
        MemoryDriverStore sharing = new MemoryDriverStore();
        DefaultIpamDriver before = reopen(sharing);
        PoolAllocation shared = before.requestSharedPool(explicit("10.7.0.0/24"));
        before.requestSharedPool(explicit("10.7.0.0/24"));
        before.requestSharedPool(explicit("10.7.0.0/24"));
        PoolAllocation alone = before.requestSharedPool(explicit("10.8.0.0/24"));
        assertThat(sharing.entries).containsExactly(Map.entry("shared-pool/" + shared.poolId(), "2"));

        before.close();
        DefaultIpamDriver after = reopen(sharing);

        after.releasePool(shared.poolId());
        after.releasePool(shared.poolId());
        assertThat(after.pools()).extracting(PoolInfo::poolId).contains(shared.poolId());
        assertThat(sharing.entries).isEmpty();
        assertThat(after.requestSharedPool(explicit("10.7.0.0/24"))).isEqualTo(shared);
        after.releasePool(shared.poolId());
        after.releasePool(shared.poolId());
        after.releasePool(alone.poolId());
        assertThat(after.pools()).isEmpty();
        after.close();
        try (DefaultIpamDriver again = reopen(sharing)) {
            assertThat(again.pools()).isEmpty();
        }
    }

    @Test
    void aStoredCountOfAPoolNoLongerHeldIsDroppedAndABadOneIsInternal() {
        MemoryDriverStore sharing = new MemoryDriverStore();
        sharing.put("shared-pool/gone", "3");
        PoolAllocation held;
        try (DefaultIpamDriver first = reopen(sharing)) {
            held = first.requestSharedPool(explicit("10.7.0.0/24"));
            assertThat(sharing.entries).isEmpty();
        }

        sharing.put("shared-pool/" + held.poolId(), "x");
        assertFails(ErrorKind.INTERNAL, "not a positive count", () -> reopen(sharing));
    }
}
