package io.shoal.driver.bridge;

import static io.shoal.driver.bridge.BridgeFakeWorld.endpoint;
import static io.shoal.driver.bridge.BridgeFakeWorld.endpointOf;
import static io.shoal.driver.bridge.BridgeFakeWorld.has;
import static io.shoal.driver.bridge.BridgeFakeWorld.network;
import static io.shoal.driver.bridge.BridgeFakeWorld.networkId;
import static io.shoal.driver.bridge.BridgeFakeWorld.ports;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.driver.support.EndpointPhase;
import io.shoal.driver.support.testing.CrashPoints;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A crash before every step (store write or kernel change) of every bridge operation, in every record state it
 * passes through: after a restart over the same store and the surviving kernel objects, store, memory and kernel agree,
 * nothing is left over, and the operation can be finished. No root needed: the kernel is a recording fake.
 */
class BridgeCrashPointTest {
    private static int crashPoints;
    private final CrashPoints<BridgeNetworkDriver> points = new CrashPoints<>(() -> {
        BridgeFakeWorld world = new BridgeFakeWorld();
        world.sandbox(2);
        world.sandbox(3);
        return world;
    });

    @AfterAll
    static void report() {
        System.out.println("bridge crash points tested: " + crashPoints);
    }

    @Test
    void createNetwork() throws Exception {
        crashPoints +=
                points.each("create network", d -> d.createNetwork(network(1)), d -> d.createNetwork(network(2)), d -> {
                    assertThat(has(d, 2)).as("a half-made network is removed").isFalse();
                    d.createNetwork(network(2));
                });
    }

    @Test
    void deleteNetwork() throws Exception {
        crashPoints += points.each(
                "delete network",
                d -> {
                    d.createNetwork(network(1));
                    d.createNetwork(network(2));
                },
                d -> d.deleteNetwork(networkId(2)),
                d -> {
                    if (has(d, 2)) {
                        d.deleteNetwork(networkId(2));
                    }
                    d.awaitTeardown(java.time.Duration.ofSeconds(30));
                    assertThat(has(d, 2)).isFalse();
                    d.createNetwork(network(2));
                });
    }

    @Test
    void createAndDeleteEndpoint() throws Exception {
        crashPoints += points.each(
                "create endpoint", d -> d.createNetwork(network(1)), d -> d.createEndpoint(endpoint(1, 2)), d -> {
                    if (endpointOf(d, 2).isEmpty()) {
                        d.createEndpoint(endpoint(1, 2));
                    }
                });
        crashPoints += points.each(
                "delete endpoint",
                d -> {
                    d.createNetwork(network(1));
                    d.createEndpoint(endpoint(1, 2));
                },
                d -> d.deleteEndpoint(networkId(1), BridgeFakeWorld.endpointId(2)),
                d -> {
                    if (endpointOf(d, 2).isPresent()) {
                        d.deleteEndpoint(networkId(1), BridgeFakeWorld.endpointId(2));
                    }
                    d.deleteNetwork(networkId(1));
                });
    }

    @Test
    void join() throws Exception {
        crashPoints += points.each(
                "join",
                d -> {
                    d.createNetwork(network(1));
                    d.createEndpoint(endpoint(1, 2));
                    d.createEndpoint(endpoint(1, 3));
                    d.join(BridgeFakeWorld.join(1, 3));
                },
                d -> d.join(BridgeFakeWorld.join(1, 2)),
                d -> {
                    assertThat(endpointOf(d, 2).orElseThrow().phase()).isEqualTo(EndpointPhase.IDLE);
                    d.join(BridgeFakeWorld.join(1, 2));
                    assertThat(endpointOf(d, 2).orElseThrow().phase()).isEqualTo(EndpointPhase.JOINED);
                });
    }

    @Test
    void publishAndRevoke() throws Exception {
        crashPoints += points.each(
                "publish",
                d -> {
                    d.createNetwork(network(1));
                    d.createEndpoint(endpoint(1, 2));
                    d.join(BridgeFakeWorld.join(1, 2));
                },
                d -> d.programExternalConnectivity(networkId(1), BridgeFakeWorld.endpointId(2), ports()),
                d -> {
                    d.programExternalConnectivity(networkId(1), BridgeFakeWorld.endpointId(2), ports());
                    assertThat(endpointOf(d, 2).orElseThrow().ports()).isEqualTo(ports());
                });
        crashPoints += points.each(
                "revoke",
                d -> {
                    d.createNetwork(network(1));
                    d.createEndpoint(endpoint(1, 2));
                    d.join(BridgeFakeWorld.join(1, 2));
                    d.programExternalConnectivity(networkId(1), BridgeFakeWorld.endpointId(2), ports());
                },
                d -> d.revokeExternalConnectivity(networkId(1), BridgeFakeWorld.endpointId(2)),
                d -> {
                    d.revokeExternalConnectivity(networkId(1), BridgeFakeWorld.endpointId(2));
                    assertThat(endpointOf(d, 2).orElseThrow().ports()).isEqualTo(List.of());
                });
    }

    /**
     * Leave takes the sandbox end out of service and leaves the pair to a background deletion: a crash anywhere in
     * either (the background deletion's steps are steps of the operation, run until it settles) leaves a retired
     * record that the restart finishes, and a join of the same endpoint right after leave waits for that deletion.
     */
    @Test
    void leaveThenJoinAgain() throws Exception {
        crashPoints += points.each(
                "leave and join again",
                d -> {
                    d.createNetwork(network(1));
                    d.createEndpoint(endpoint(1, 2));
                    d.join(BridgeFakeWorld.join(1, 2));
                },
                d -> {
                    d.leave(networkId(1), BridgeFakeWorld.endpointId(2));
                    d.join(BridgeFakeWorld.join(1, 2));
                },
                d -> {
                    if (endpointOf(d, 2).orElseThrow().phase() == EndpointPhase.JOINED) {
                        d.leave(networkId(1), BridgeFakeWorld.endpointId(2));
                    }
                    d.join(BridgeFakeWorld.join(1, 2));
                    assertThat(endpointOf(d, 2).orElseThrow().phase()).isEqualTo(EndpointPhase.JOINED);
                });
    }

    @Test
    void leaveWithPublishedPorts() throws Exception {
        crashPoints += points.each(
                "leave",
                d -> {
                    d.createNetwork(network(1));
                    d.createEndpoint(endpoint(1, 2));
                    d.join(BridgeFakeWorld.join(1, 2));
                    d.programExternalConnectivity(networkId(1), BridgeFakeWorld.endpointId(2), ports());
                },
                d -> d.leave(networkId(1), BridgeFakeWorld.endpointId(2)),
                d -> {
                    if (endpointOf(d, 2).orElseThrow().phase() == EndpointPhase.JOINED) {
                        d.leave(networkId(1), BridgeFakeWorld.endpointId(2));
                    }
                    assertThat(endpointOf(d, 2).orElseThrow().phase()).isEqualTo(EndpointPhase.IDLE);
                    d.join(BridgeFakeWorld.join(1, 2));
                });
    }
}
