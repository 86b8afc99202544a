package io.shoal.driver.support.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.SandboxRef;
import java.nio.file.Path;
import java.util.Optional;

/** Requests and checks the drivers' fake-kernel tests share. */
public final class Requests {
    private Requests() {}

    /** An IPv4-only endpoint with no options. */
    public static EndpointConfig endpoint(String networkId, String endpointId, String ipv4) {
        return new EndpointConfig(
                networkId,
                endpointId,
                Optional.of(IpPrefix.parse(ipv4)),
                Optional.empty(),
                Optional.empty(),
                DriverOptions.empty());
    }

    /** Joins as {@code eth0}, the sandbox's gateway endpoint. */
    public static JoinRequest join(String networkId, String endpointId, String container, Path sandbox) {
        return new JoinRequest(networkId, endpointId, new SandboxRef(container, sandbox), "eth0", true);
    }

    /**
     * A store that refuses the joined record (the one naming the join that is not {@code JOINING}) makes the join
     * fail with nothing left in the kernel; once the store works again, the join succeeds.
     *
     * @param joinKey a key every joined record has ({@code host-veth}, {@code sandbox})
     */
    public static <D extends NetworkDriver> void aRefusedJoinRecordLeavesNothing(
            CrashPoints.World<D> world, CrashingStore store, D driver, JoinRequest join, String joinKey) {
        store.refuse((key, value) ->
                key.startsWith("endpoint/") && value != null && value.contains(joinKey) && !value.contains("JOINING"));
        assertThatThrownBy(() -> driver.join(join)).hasMessageContaining("refused");
        store.refuse((key, value) -> false);
        assertThat(driver.endpointInfo(join.networkId(), join.endpointId()).details())
                .doesNotContainKey("interface");
        world.checkInvariants(driver);
        driver.join(join);
        world.checkInvariants(driver);
    }
}
