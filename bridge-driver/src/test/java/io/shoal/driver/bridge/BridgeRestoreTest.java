package io.shoal.driver.bridge;

import static io.shoal.driver.bridge.BridgeFakeWorld.endpoint;
import static io.shoal.driver.bridge.BridgeFakeWorld.endpointId;
import static io.shoal.driver.bridge.BridgeFakeWorld.endpointOf;
import static io.shoal.driver.bridge.BridgeFakeWorld.join;
import static io.shoal.driver.bridge.BridgeFakeWorld.network;
import static io.shoal.driver.bridge.BridgeFakeWorld.networkId;
import static io.shoal.driver.bridge.BridgeFakeWorld.ports;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.driver.support.EndpointPhase;
import io.shoal.driver.support.testing.Requests;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Restore after a reboot, leftovers of an older version, and a store that fails mid-join: against the fake kernel. */
class BridgeRestoreTest {
    private final BridgeFakeWorld world = new BridgeFakeWorld();

    @Test
    void afterARebootTheKernelMatchesEveryReadyRecordAndEverythingWorks() {
        BridgeNetworkDriver driver = world.start();
        driver.createNetwork(network(1));
        driver.createNetwork(network(2));
        world.sandbox(2);
        driver.createEndpoint(endpoint(1, 2));
        driver.join(join(1, 2));
        driver.programExternalConnectivity(networkId(1), endpointId(2), ports());

        world.host.reboot();
        BridgeNetworkDriver restarted = world.start();

        world.checkInvariants(restarted);
        assertThat(world.host.get("link br-" + networkId(1).substring(0, 12))).isPresent();
        assertThat(world.host.get("sysctl net.ipv4.ip_forward")).contains("1");
        assertThat(endpointOf(restarted, 2).orElseThrow().phase())
                .as("its sandbox died with the reboot")
                .isEqualTo(EndpointPhase.IDLE);
        world.sandbox(3);
        restarted.createEndpoint(endpoint(1, 3));
        restarted.join(join(1, 3));
        restarted.deleteNetwork(networkId(2));
        world.settle(restarted);
        restarted.createNetwork(network(2));
        world.checkInvariants(restarted);
    }

    @Test
    void aRestartSweepsMarkedLinksAgainstEveryStoredNetworkAndJoinedVeth() {
        BridgeNetworkDriver driver = world.start();
        driver.createNetwork(network(1));
        driver.createNetwork(network(2));
        world.sandbox(2);
        driver.createEndpoint(endpoint(1, 2));
        driver.join(join(1, 2));
        driver.createEndpoint(endpoint(2, 3));
        assertThat(world.kernel.orphanSweeps)
                .as("the first start's restore, on an empty store, and no change since")
                .containsExactly("networks [] bridges [] veths []");

        world.start();

        assertThat(world.kernel.orphanSweeps)
                .containsExactly("networks " + new TreeSet<>(List.of(networkId(1), networkId(2))) + " bridges "
                        + new TreeSet<>(List.of(
                                "br-" + networkId(1).substring(0, 12),
                                "br-" + networkId(2).substring(0, 12)))
                        + " veths ["
                        + BridgeEndpoint.hostVethName(networkId(1), endpointId(2)) + "]");
    }

    @Test
    void aNetworkWhoseBridgeVanishedCanBeDeletedAndMadeAgain() {
        BridgeNetworkDriver driver = world.start();
        driver.createNetwork(network(1));
        world.host.vanish(k -> k.contains("br-" + networkId(1).substring(0, 12)));
        driver.deleteNetwork(networkId(1));
        world.settle(driver);
        driver.createNetwork(network(1));
        world.checkInvariants(driver);
    }

    @Test
    void aVethLeftByAJoinThatNeverRecordedDoesNotBlockTheEndpoint() {
        BridgeNetworkDriver driver = world.start();
        driver.createNetwork(network(1));
        world.sandbox(2);
        driver.createEndpoint(endpoint(1, 2));
        // What the first version left when it died between making the pair and recording the join.
        String veth = BridgeEndpoint.hostVethName(networkId(1), endpointId(2));
        world.host.install(
                "link " + veth, "veth on br-" + networkId(1).substring(0, 12) + " to /run/netns/c9 eth0", false);

        BridgeNetworkDriver restarted = world.start();
        restarted.join(join(1, 2));
        world.checkInvariants(restarted);
    }

    @Test
    void aStoreThatRefusesTheJoinedRecordLeavesNoInterfaceBehind() {
        BridgeNetworkDriver driver = world.start();
        driver.createNetwork(network(1));
        world.sandbox(2);
        driver.createEndpoint(endpoint(1, 2));
        Requests.aRefusedJoinRecordLeavesNothing(world, world.store, driver, join(1, 2), "host-veth");
    }
}
