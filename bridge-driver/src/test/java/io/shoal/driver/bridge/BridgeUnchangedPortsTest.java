package io.shoal.driver.bridge;

import static io.shoal.driver.bridge.BridgeFakeWorld.endpoint;
import static io.shoal.driver.bridge.BridgeFakeWorld.endpointId;
import static io.shoal.driver.bridge.BridgeFakeWorld.endpointOf;
import static io.shoal.driver.bridge.BridgeFakeWorld.join;
import static io.shoal.driver.bridge.BridgeFakeWorld.network;
import static io.shoal.driver.bridge.BridgeFakeWorld.networkId;
import static io.shoal.driver.bridge.BridgeFakeWorld.ports;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * dockerd programs and revokes external connectivity with an empty port map on every connect and disconnect of a
 * gateway endpoint (docs/plugin.md): a call that changes no port leaves the network's firewall rules alone.
 */
class BridgeUnchangedPortsTest {
    private final BridgeFakeWorld world = new BridgeFakeWorld();

    @Test
    void programmingThePortsAnEndpointHasRewritesNoRules() {
        BridgeNetworkDriver driver = world.start();
        driver.createNetwork(network(1));
        world.sandbox(2);
        driver.createEndpoint(endpoint(1, 2));
        driver.join(join(1, 2));
        String rules = "rules " + networkId(1);
        world.host.set(rules, "as written before");

        driver.programExternalConnectivity(networkId(1), endpointId(2), List.of());
        driver.revokeExternalConnectivity(networkId(1), endpointId(2));

        assertThat(world.host.get(rules)).contains("as written before");
        driver.programExternalConnectivity(networkId(1), endpointId(2), ports());
        assertThat(world.host.get(rules)).isPresent().get().isNotEqualTo("as written before");
        assertThat(endpointOf(driver, 2).orElseThrow().ports()).isEqualTo(ports());
        driver.revokeExternalConnectivity(networkId(1), endpointId(2));
        assertThat(endpointOf(driver, 2).orElseThrow().ports()).isEmpty();
    }
}
