package io.shoal.driver.bridge;

import static io.shoal.driver.bridge.BridgeFakeWorld.endpoint;
import static io.shoal.driver.bridge.BridgeFakeWorld.endpointId;
import static io.shoal.driver.bridge.BridgeFakeWorld.endpointOf;
import static io.shoal.driver.bridge.BridgeFakeWorld.network;
import static io.shoal.driver.bridge.BridgeFakeWorld.networkId;
import static io.shoal.driver.bridge.BridgeFakeWorld.sandboxPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.driver.support.EndpointPhase;
import io.shoal.spi.DriverException;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.JoinResult;
import io.shoal.spi.SandboxRef;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The pair of a hand-over join made ahead, at the endpoint's creation ({@code prepareHandOver}, dockerd's remote
 * driver: docs/plugin.md): the join uses it instead of making one, its failure is the join's, an endpoint deleted
 * without a join takes it along, and a crash before the join leaves it to the next start's orphan sweep.
 */
class BridgePreparedHandOverTest {
    private final BridgeFakeWorld world = new BridgeFakeWorld();

    private static final String TEMPORARY = "shxprepared02";

    private static JoinRequest handOver(String interfaceName) {
        return new JoinRequest(
                networkId(1), endpointId(2), new SandboxRef("c2", sandboxPath(2)), interfaceName, true, true);
    }

    private static String hostVeth() {
        return BridgeEndpoint.hostVethName(networkId(1), endpointId(2));
    }

    private BridgeNetworkDriver created() {
        BridgeNetworkDriver driver = world.start();
        driver.createNetwork(network(1));
        driver.createEndpoint(endpoint(1, 2));
        return driver;
    }

    @Test
    void theJoinUsesThePairMadeAhead() {
        BridgeNetworkDriver driver = created();
        driver.prepareHandOver(networkId(1), endpointId(2), TEMPORARY);
        List<String> written = new CopyOnWriteArrayList<>();
        world.store.refuse((key, value) -> {
            written.add(value);
            return false;
        });

        JoinResult joined = driver.joinForHandOver(handOver(TEMPORARY));

        // No intent record: until the outcome is recorded the pair is the orphan sweep's, as before the join.
        assertThat(written).hasSize(1).noneMatch(record -> record.contains("JOINING"));

        assertThat(joined.interfaceName()).isEqualTo(TEMPORARY);
        assertThat(world.kernel.flowEvents).containsExactly("prepare " + endpointId(2));
        assertThat(world.host.get("link " + hostVeth()))
                .contains("veth on br-" + networkId(1).substring(0, 12) + " to host " + TEMPORARY);
        BridgeEndpoint endpoint = endpointOf(driver, 2).orElseThrow();
        assertThat(endpoint.phase()).isEqualTo(EndpointPhase.JOINED);
        assertThat(endpoint.join().orElseThrow().hostVeth()).isEqualTo(hostVeth());
        assertThat(endpoint.join().orElseThrow().sandbox()).isEqualTo(sandboxPath(2));
        assertThat(world.records.endpoints()).containsExactly(endpoint);
    }

    @Test
    void aFailureAheadIsTheJoinsAndLeavesNothing() {
        BridgeNetworkDriver driver = created();
        world.kernel.refusedNames.add(TEMPORARY);
        driver.prepareHandOver(networkId(1), endpointId(2), TEMPORARY);

        assertThatThrownBy(() -> driver.joinForHandOver(handOver(TEMPORARY)))
                .isInstanceOfSatisfying(
                        DriverException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                .hasMessageContaining(endpointId(2))
                .hasMessageContaining(TEMPORARY);

        assertThat(world.host.objects("link veth", "iface ")).isEmpty();
        assertThat(endpointOf(driver, 2).orElseThrow().phase()).isEqualTo(EndpointPhase.IDLE);
        assertThat(world.records.endpoints().get(0).phase()).isEqualTo(EndpointPhase.IDLE);
        // The failure was the preparation's only: a retried join makes its pair itself.
        world.kernel.refusedNames.clear();
        world.sandbox(2);
        driver.joinForHandOver(handOver(TEMPORARY));
        assertThat(world.host.has("link " + hostVeth())).isTrue();
    }

    @Test
    void anEndpointDeletedWithoutAJoinTakesItsPairAlong() {
        BridgeNetworkDriver driver = created();
        driver.prepareHandOver(networkId(1), endpointId(2), TEMPORARY);

        driver.deleteEndpoint(networkId(1), endpointId(2));

        assertThat(world.host.objects("link veth", "iface ")).isEmpty();
        assertThat(world.records.endpoints()).isEmpty();
    }

    @Test
    void aJoinUnderAnotherNameReplacesThePairMadeAhead() {
        BridgeNetworkDriver driver = created();
        driver.prepareHandOver(networkId(1), endpointId(2), TEMPORARY);
        world.sandbox(2);

        driver.joinForHandOver(handOver("shxother00002"));

        assertThat(world.kernel.flowEvents).containsExactly("prepare " + endpointId(2), "plug " + endpointId(2));
        assertThat(world.host.objects("iface ")).containsOnlyKeys("iface " + sandboxPath(2) + " shxother00002");
    }

    @Test
    void nothingIsMadeAheadOnABridgeTheDriverDidNotMake() {
        world.host.install("link br-adopted", "bridge mtu 1500", true);
        BridgeNetworkDriver driver = world.start();
        driver.createNetwork(BridgeDrivers.network(
                networkId(1),
                "net1",
                DriverOptions.of(Map.of("com.docker.network.bridge.name", "br-adopted")),
                "10.71.0.0/24",
                "10.71.0.1/24"));
        driver.createEndpoint(endpoint(1, 2));

        driver.prepareHandOver(networkId(1), endpointId(2), TEMPORARY);
        world.sandbox(2);
        driver.joinForHandOver(handOver(TEMPORARY));

        assertThat(world.kernel.flowEvents).containsExactly("plug " + endpointId(2));
    }

    @Test
    void aCrashBeforeTheJoinLeavesThePairToTheOrphanSweep() {
        BridgeNetworkDriver driver = created();
        driver.prepareHandOver(networkId(1), endpointId(2), TEMPORARY);
        driver.awaitPrepared();
        assertThat(world.host.has("link " + hostVeth())).isTrue();

        BridgeNetworkDriver restarted = world.start(); // the crash: no join, no record of the pair

        // MarkedLinks removes a veth of Shoal's name on a marked bridge unless a record names it
        // (MarkedLinksKernelTest).
        assertThat(world.kernel.orphanSweeps).hasSize(1);
        assertThat(world.kernel.orphanSweeps.get(0)).contains("veths []");
        assertThat(endpointOf(restarted, 2).orElseThrow().phase()).isEqualTo(EndpointPhase.IDLE);
    }
}
