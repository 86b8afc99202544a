package io.shoal.driver.vlan;

import static io.shoal.driver.vlan.MacvlanFakeWorld.endpoint;
import static io.shoal.driver.vlan.MacvlanFakeWorld.endpointId;
import static io.shoal.driver.vlan.MacvlanFakeWorld.endpointOf;
import static io.shoal.driver.vlan.MacvlanFakeWorld.join;
import static io.shoal.driver.vlan.MacvlanFakeWorld.networkId;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.driver.support.EndpointPhase;
import io.shoal.driver.support.testing.CrashPoints;
import io.shoal.spi.NetworkConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A crash before every step of every macvlan operation, for each kind of parent: after a restart over the same store
 * and the surviving kernel objects, store, memory and kernel agree, nothing is left over, and the operation can be
 * finished. No root needed: the kernel is a recording fake.
 */
class MacvlanCrashPointTest {
    private static int crashPoints;

    @AfterAll
    static void report() {
        System.out.println("macvlan crash points tested: " + crashPoints);
    }

    private static CrashPoints<MacvlanNetworkDriver> points(boolean dummy) {
        return new CrashPoints<>(() -> {
            MacvlanFakeWorld world = new MacvlanFakeWorld(dummy);
            world.sandbox(2);
            world.sandbox(3);
            return world;
        });
    }

    /** Network 1 on the physical link; network {@code n} as {@code parent} says (null: none). */
    static NetworkConfig network(int n, String parent) {
        return MacvlanDrivers.network(
                networkId(n),
                "net" + n,
                parent,
                null,
                "10.9" + n + ".0.0/24",
                parent == null ? null : "10.9" + n + ".0.1/24");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none-dummy", "none-veth", "uplink.20", "uplink"})
    void createAndDeleteNetwork(String kind) throws Exception {
        boolean dummy = !kind.equals("none-veth");
        String parent = kind.startsWith("none") ? null : kind;
        crashPoints += points(dummy)
                .each(
                        "create network on " + kind,
                        d -> d.createNetwork(network(1, null)),
                        d -> d.createNetwork(network(2, parent)),
                        d -> {
                            assertThat(d.networks()).doesNotContainKey(networkId(2));
                            d.createNetwork(network(2, parent));
                        });
        crashPoints += points(dummy)
                .each(
                        "delete network on " + kind,
                        d -> d.createNetwork(network(2, parent)),
                        d -> d.deleteNetwork(networkId(2)),
                        d -> {
                            if (d.networks().containsKey(networkId(2))) {
                                d.deleteNetwork(networkId(2));
                            }
                            d.createNetwork(network(2, parent));
                        });
    }

    @Test
    void endpointsJoinAndLeave() throws Exception {
        CrashPoints.Step<MacvlanNetworkDriver> ready = d -> {
            d.createNetwork(network(1, "uplink"));
            d.createEndpoint(endpoint(1, 2));
            d.createEndpoint(endpoint(1, 3));
            d.join(join(1, 3));
        };
        crashPoints += points(true)
                .each(
                        "create endpoint",
                        d -> d.createNetwork(network(1, "uplink")),
                        d -> d.createEndpoint(endpoint(1, 2)),
                        d -> {
                            if (endpointOf(d, 2).isEmpty()) {
                                d.createEndpoint(endpoint(1, 2));
                            }
                        });
        crashPoints += points(true).each("join", ready, d -> d.join(join(1, 2)), d -> {
            assertThat(endpointOf(d, 2).orElseThrow().phase()).isEqualTo(EndpointPhase.IDLE);
            d.join(join(1, 2));
        });
        crashPoints += points(true).each("leave", ready, d -> d.leave(networkId(1), endpointId(3)), d -> {
            if (endpointOf(d, 3).orElseThrow().phase() == EndpointPhase.JOINED) {
                d.leave(networkId(1), endpointId(3));
            }
            d.join(join(1, 3));
        });
        crashPoints += points(true)
                .each("delete endpoint", ready, d -> d.deleteEndpoint(networkId(1), endpointId(2)), d -> {
                    if (endpointOf(d, 2).isPresent()) {
                        d.deleteEndpoint(networkId(1), endpointId(2));
                    }
                });
    }
}
