package io.shoal.driver.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.driver.support.DriverRecords;
import io.shoal.driver.support.EndpointPhase;
import io.shoal.driver.support.EndpointRecord;
import io.shoal.driver.support.NetworkPhase;
import io.shoal.driver.support.NetworkRecord;
import io.shoal.driver.support.SkeletonDriver;

/** What must hold of any {@link SkeletonDriver} once it has restored: records settled, memory equal to the store. */
public final class SkeletonInvariants {
    private SkeletonInvariants() {}

    /**
     * No record is in a phase of an unfinished operation, and the driver's tables hold exactly the records.
     */
    public static <N extends NetworkRecord<N>, E extends EndpointRecord<E>> void assertSettled(
            SkeletonDriver<N, E> driver, DriverRecords<N, E> records) {
        assertThat(records.networks()).as("network records").allMatch(n -> n.phase() == NetworkPhase.READY);
        assertThat(records.endpoints())
                .as("endpoint records")
                .allMatch(e -> e.phase() == EndpointPhase.IDLE || e.phase() == EndpointPhase.JOINED);
        assertThat(driver.networks().values())
                .as("networks in memory")
                .containsExactlyInAnyOrderElementsOf(records.networks());
        assertThat(driver.endpoints())
                .as("endpoints in memory")
                .containsExactlyInAnyOrderElementsOf(records.endpoints());
    }
}
