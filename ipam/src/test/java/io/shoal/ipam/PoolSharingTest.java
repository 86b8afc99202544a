package io.shoal.ipam;

import static io.shoal.ipam.Fixtures.assertFails;
import static io.shoal.ipam.Fixtures.memoryDriver;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.spi.ErrorKind;
import io.shoal.spi.ipam.AddressRequest;
import io.shoal.spi.ipam.PoolAllocation;
import io.shoal.spi.ipam.PoolRequest;
import org.junit.jupiter.api.Test;

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
}
