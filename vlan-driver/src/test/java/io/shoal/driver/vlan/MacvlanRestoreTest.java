package io.shoal.driver.vlan;

import static io.shoal.driver.vlan.MacvlanCrashPointTest.network;
import static io.shoal.driver.vlan.MacvlanFakeWorld.endpoint;
import static io.shoal.driver.vlan.MacvlanFakeWorld.endpointOf;
import static io.shoal.driver.vlan.MacvlanFakeWorld.join;
import static io.shoal.driver.vlan.MacvlanFakeWorld.networkId;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.driver.support.EndpointPhase;
import io.shoal.driver.support.testing.Requests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Restore after a reboot, and a store that fails mid-join: against the fake kernel. */
class MacvlanRestoreTest {
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void afterARebootDriverMadeParentsComeBackAndEverythingWorks(boolean dummy) {
        MacvlanFakeWorld world = new MacvlanFakeWorld(dummy);
        MacvlanNetworkDriver driver = world.start();
        driver.createNetwork(network(1, null));
        driver.createNetwork(network(2, "uplink.20"));
        driver.createNetwork(network(3, "uplink"));
        world.sandbox(2);
        driver.createEndpoint(endpoint(1, 2));
        driver.join(join(1, 2));

        world.host.reboot();
        MacvlanNetworkDriver restarted = world.start();

        world.checkInvariants(restarted);
        assertThat(world.host.get("link dm-" + networkId(1).substring(0, 12))).isPresent();
        assertThat(world.host.get("link uplink.20")).contains("vlan up");
        assertThat(endpointOf(restarted, 2).orElseThrow().phase()).isEqualTo(EndpointPhase.IDLE);
        world.sandbox(3);
        restarted.createEndpoint(endpoint(1, 3));
        restarted.join(join(1, 3));
        restarted.deleteNetwork(networkId(2));
        restarted.createNetwork(network(2, "uplink.20"));
        world.checkInvariants(restarted);
    }

    @Test
    void aStoreThatRefusesTheJoinedRecordLeavesNoMacvlanInTheSandbox() {
        MacvlanFakeWorld world = new MacvlanFakeWorld(true);
        MacvlanNetworkDriver driver = world.start();
        driver.createNetwork(network(1, "uplink"));
        world.sandbox(2);
        driver.createEndpoint(endpoint(1, 2));
        Requests.aRefusedJoinRecordLeavesNothing(world, world.store, driver, join(1, 2), "sandbox");
    }
}
