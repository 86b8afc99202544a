package io.shoal.engine.network;

import static io.shoal.engine.network.NetworkFixture.aliases;
import static io.shoal.engine.network.NetworkFixture.containerId;
import static io.shoal.engine.network.NetworkFixture.sandbox;
import static io.shoal.engine.network.NetworkFixture.withSubnet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.container.ContainerPort;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.filter.Filters;
import io.shoal.engine.store.FakeEngineStore.SimulatedCrash;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The engine "crashes" at a store write (no undo runs, as when the process dies there), then a new controller over
 * the same store, drivers and IPAM restores: what was half made is gone, what was half removed is removed, and the
 * operation can be done again.
 */
@Tag("unit")
class NetworkRestoreTest {
    private NetworkFixture fixture;

    @BeforeEach
    void start() throws EngineException {
        fixture = new NetworkFixture().started();
    }

    private int pools() {
        return fixture.ipam.pools().size();
    }

    @Test
    void aCreateThatCrashedBeforeItsFirstWriteLeftNothing() throws EngineException {
        int pools = pools();
        fixture.store.crashAtApply(1);
        assertThatThrownBy(() -> fixture.controller.create(withSubnet("web", "10.1.0.0/24")))
                .isInstanceOf(SimulatedCrash.class);

        NetworkController restarted = fixture.restart();

        assertThat(pools()).isEqualTo(pools);
        assertThat(fixture.bridge.networks()).hasSize(1);
        assertThat(restarted.create(withSubnet("web", "10.1.0.0/24")).name()).isEqualTo("web");
    }

    @Test
    void aCreateThatCrashedBeforeReadyIsUndoneAtRestart() throws EngineException {
        int pools = pools();
        fixture.store.crashAtApply(3);
        assertThatThrownBy(() -> fixture.controller.create(withSubnet("web", "10.1.0.0/24")))
                .isInstanceOf(SimulatedCrash.class);
        assertThat(fixture.bridge.networks()).hasSize(2);
        assertThat(fixture.store.records(Records.NETWORKS).values())
                .anyMatch(r -> r.name().equals("web") && r.phase() == NetworkPhase.CREATING);

        NetworkController restarted = fixture.restart();

        assertThat(fixture.bridge.networks()).hasSize(1);
        assertThat(pools()).isEqualTo(pools);
        assertThat(fixture.store.records(Records.NETWORKS).values())
                .noneMatch(r -> r.name().equals("web"));
        assertThat(restarted.list(Filters.none()))
                .extracting(NetworkView::name)
                .containsExactlyInAnyOrder("bridge", "host", "none");
        assertThat(restarted.create(withSubnet("web", "10.1.0.0/24")).name()).isEqualTo("web");
    }

    @Test
    void aRemoveThatCrashedBeforeItsFirstWriteKeepsTheNetwork() throws EngineException {
        NetworkView web = fixture.controller.create(withSubnet("web", "10.1.0.0/24"));
        fixture.store.crashAtApply(1);
        assertThatThrownBy(() -> fixture.controller.remove("web")).isInstanceOf(SimulatedCrash.class);

        NetworkController restarted = fixture.restart();

        assertThat(restarted.inspect("web").id()).isEqualTo(web.id());
        assertThat(fixture.dns.networks()).containsKey("web");
        restarted.remove("web");
        assertThat(fixture.bridge.networks()).doesNotContainKey(web.id());
    }

    @Test
    void aRemoveThatCrashedAfterTheDriverIsFinishedAtRestart() throws EngineException {
        NetworkView web = fixture.controller.create(withSubnet("web", "10.1.0.0/24"));
        int pools = pools();
        fixture.store.crashAtApply(2);
        assertThatThrownBy(() -> fixture.controller.remove("web")).isInstanceOf(SimulatedCrash.class);
        assertThat(fixture.store.records(Records.NETWORKS).get(web.id()).phase())
                .isEqualTo(NetworkPhase.DELETING);

        NetworkController restarted = fixture.restart();

        assertThat(fixture.store.records(Records.NETWORKS)).doesNotContainKey(web.id());
        assertThat(pools()).isEqualTo(pools - 1);
        assertThat(restarted.list(Filters.none())).hasSize(3);
        assertThat(restarted.create(withSubnet("web", "10.1.0.0/24")).name()).isEqualTo("web");
    }

    @Test
    void aNetworkFoundDeletingWithItsDriverNetworkIsRemovedWholly() throws EngineException {
        NetworkView web = fixture.controller.create(withSubnet("web", "10.1.0.0/24"));
        NetworkRecord ready = fixture.store.records(Records.NETWORKS).get(web.id());
        fixture.store.seed(Records.NETWORKS, web.id(), ready.inPhase(NetworkPhase.DELETING));
        int pools = pools();

        NetworkController restarted = fixture.restart();

        assertThat(fixture.bridge.networks()).doesNotContainKey(web.id());
        assertThat(pools()).isEqualTo(pools - 1);
        assertThat(fixture.store.records(Records.NETWORKS)).doesNotContainKey(web.id());
        assertThat(fixture.dns.networks()).doesNotContainKey("web");
        assertThat(restarted.list(Filters.none())).hasSize(3);
    }

    @Test
    void anAttachThatCrashedBeforeJoinedIsUndoneAndItsAddressFreed() throws EngineException {
        NetworkView web = fixture.controller.create(withSubnet("web", "10.1.0.0/24"));
        String pool = fixture.store
                .records(Records.NETWORKS)
                .get(web.id())
                .pools()
                .get(0)
                .poolId();
        fixture.store.crashAtApply(2);
        assertThatThrownBy(() -> fixture.controller.attach(sandbox("c1"), "web", aliases("api"), "eth0"))
                .isInstanceOf(SimulatedCrash.class);
        assertThat(fixture.bridge.endpoints()).hasSize(1);
        assertThat(fixture.ipam.endpointAddresses(pool)).hasSize(1);

        NetworkController restarted = fixture.restart();

        assertThat(fixture.bridge.endpoints()).isEmpty();
        assertThat(fixture.ipam.endpointAddresses(pool)).isEmpty();
        assertThat(fixture.store.records(Records.ENDPOINTS)).isEmpty();
        assertThat(restarted.endpointsOf(containerId("c1"))).isEmpty();
        assertThat(fixture.dns.lookup("web", "api")).isEmpty();
        EndpointView again = restarted.attach(sandbox("c1"), "web", aliases("api"), "eth0");
        assertThat(fixture.dns.lookup("web", "api"))
                .containsExactly(again.ipv4().orElseThrow().address());
    }

    @Test
    void joinedEndpointsSurviveARestartWithTheirDnsNamesAndOrder() throws EngineException {
        fixture.controller.create(withSubnet("web", "10.1.0.0/24"));
        fixture.controller.create(withSubnet("db", "10.2.0.0/24"));
        EndpointView first = fixture.controller.attach(sandbox("c1"), "web", aliases("api"), "eth0");
        EndpointView second = fixture.controller.attach(sandbox("c1"), "db", aliases("sql"), "eth1");

        NetworkController restarted = fixture.restart();

        assertThat(restarted.endpointsOf(containerId("c1"))).containsExactly(first, second);
        assertThat(fixture.dns.networks()).containsOnlyKeys("web", "db");
        assertThat(fixture.dns.lookup("web", "api"))
                .containsExactly(first.ipv4().orElseThrow().address());
        assertThat(fixture.dns.lookup("db", "sql"))
                .containsExactly(second.ipv4().orElseThrow().address());
        EndpointView third = restarted.attach(sandbox("c1"), "bridge", EndpointSettings.defaults(), "eth2");
        assertThat(restarted.endpointsOf(containerId("c1"))).containsExactly(first, second, third);
        assertThat(restarted.inspect("web").containers()).containsOnlyKeys(containerId("c1"));
    }

    @Test
    void aDetachThatCrashedBeforeItsFirstWriteKeepsTheEndpointAndItsNames() throws EngineException {
        fixture.controller.create(withSubnet("web", "10.1.0.0/24"));
        EndpointView c1 = fixture.controller.attach(sandbox("c1"), "web", aliases("api"), "eth0");
        fixture.store.crashAtApply(1);
        assertThatThrownBy(() -> fixture.controller.detach(containerId("c1"), "web"))
                .isInstanceOf(SimulatedCrash.class);

        NetworkController restarted = fixture.restart();

        assertThat(restarted.endpointsOf(containerId("c1"))).containsExactly(c1);
        assertThat(fixture.dns.lookup("web", "api"))
                .containsExactly(c1.ipv4().orElseThrow().address());
        restarted.detach(containerId("c1"), "web");
        assertThat(fixture.bridge.endpoints()).isEmpty();
    }

    @Test
    void aDetachThatCrashedAfterTheDriverIsFinishedAtRestart() throws EngineException {
        NetworkView web = fixture.controller.create(withSubnet("web", "10.1.0.0/24"));
        String pool = fixture.store
                .records(Records.NETWORKS)
                .get(web.id())
                .pools()
                .get(0)
                .poolId();
        fixture.controller.attach(sandbox("c1"), "web", aliases("api"), "eth0");
        fixture.controller.attach(sandbox("c2"), "web", aliases("api"), "eth0");
        fixture.store.crashAtApply(2);
        assertThatThrownBy(() -> fixture.controller.detach(containerId("c1"), "web"))
                .isInstanceOf(SimulatedCrash.class);

        NetworkController restarted = fixture.restart();

        assertThat(fixture.store.records(Records.ENDPOINTS).values())
                .extracting(EndpointRecord::containerId)
                .containsExactly(containerId("c2"));
        assertThat(fixture.ipam.endpointAddresses(pool)).hasSize(1);
        assertThat(fixture.dns.entries("web")).containsOnlyKeys(containerId("c2"));
        assertThat(restarted.inspect("web").containers()).containsOnlyKeys(containerId("c2"));
    }

    @Test
    void afterARebootEndpointsWhoseJoinTheDriverForgotCanBeDetached() throws EngineException {
        fixture.controller.create(withSubnet("web", "10.1.0.0/24"));
        fixture.controller.attach(sandbox("c1"), "web", EndpointSettings.defaults(), "eth0");
        fixture.controller.programPorts(
                containerId("c1"),
                "web",
                List.of(PortRequest.of(new ContainerPort(80, "tcp"), Optional.empty(), 8080, 8080)));
        fixture.bridge.forgetJoins();

        NetworkController restarted = fixture.restart();
        restarted.detach(containerId("c1"), "web");

        assertThat(fixture.bridge.endpoints()).isEmpty();
        assertThat(fixture.store.records(Records.ENDPOINTS)).isEmpty();
        restarted.remove("web");
    }
}
