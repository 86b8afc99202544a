package io.shoal.driver.bridge;

import static io.shoal.driver.bridge.BridgeFakeWorld.endpoint;
import static io.shoal.driver.bridge.BridgeFakeWorld.endpointId;
import static io.shoal.driver.bridge.BridgeFakeWorld.join;
import static io.shoal.driver.bridge.BridgeFakeWorld.network;
import static io.shoal.driver.bridge.BridgeFakeWorld.networkId;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.driver.support.testing.Requests;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A leave queues its endpoint's conntrack flush ({@link DepartedFlows}); a join of a new endpoint that got the same
 * address must find that flush done before it plugs anything, or the flush would delete the new endpoint's flows.
 */
class BridgeDepartedFlowsTest {
    private final BridgeFakeWorld world = new BridgeFakeWorld();

    @Test
    void aNewEndpointWithTheDepartedAddressIsPluggedOnlyAfterTheFlush() {
        BridgeNetworkDriver driver = world.start();
        driver.createNetwork(network(1));
        world.sandbox(2);
        world.sandbox(3);
        driver.createEndpoint(endpoint(1, 2));
        driver.join(join(1, 2));
        driver.leave(networkId(1), endpointId(2));
        driver.deleteEndpoint(networkId(1), endpointId(2));

        driver.createEndpoint(Requests.endpoint(networkId(1), endpointId(3), "10.71.0.2/24"));
        driver.join(join(1, 3));

        assertThat(world.kernel.flowEvents)
                .containsExactly("plug " + endpointId(2), "flush [10.71.0.2]", "plug " + endpointId(3));
        driver.awaitTeardown(Duration.ofSeconds(30));
        world.checkInvariants(driver);
    }
}
