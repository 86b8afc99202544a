package io.shoal.engine.container;

import static io.shoal.engine.container.TestSupport.host;
import static io.shoal.engine.container.TestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.dns.DnsEntry;
import io.shoal.engine.dns.FakeNameService;
import io.shoal.engine.dns.SeededNames;
import io.shoal.engine.network.EndpointPhase;
import io.shoal.engine.network.EndpointRecord;
import io.shoal.engine.network.NetworkPhase;
import io.shoal.engine.network.NetworkRecord;
import io.shoal.engine.network.NetworkView;
import io.shoal.engine.network.PoolRecord;
import io.shoal.engine.network.Records;
import io.shoal.engine.store.Change;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The early DNS step over the store a stopped engine left: a container running on the user-defined network
 * {@code web} (endpoint JOINED, alias {@code db}), one created there but not started, one running on the predefined
 * {@code bridge} only, and an endpoint a crash left CREATING.
 */
class EarlyDnsTest {
    @TempDir
    Path root;

    private ControllerWorld world;
    private NetworkView web;
    private String app;

    @BeforeEach
    void engineThatStopped() throws Exception {
        world = ControllerWorld.start(root);
        web = world.networks.add("web", "bridge", false, false, "10.1.0.0/24", null);
        app = run("app", "web");
        String idle = world.controller
                .create(Optional.of("idle"), spec("busybox", List.of("sleep", "9"), host("web"), Map.of()))
                .id();
        run("plain", "default");
        NetworkView bridge = world.networks.find("bridge");
        world.store.apply(List.of(
                Change.put(Records.NETWORKS, web.id(), network(web.id(), "web", false)),
                Change.put(Records.NETWORKS, bridge.id(), network(bridge.id(), "bridge", true)),
                Change.put(Records.ENDPOINTS, "e1", endpoint("e1", app, "app", "10.1.0.2/24", EndpointPhase.JOINED)),
                Change.put(
                        Records.ENDPOINTS, "e2", endpoint("e2", idle, "idle", "10.1.0.3/24", EndpointPhase.CREATING))));
    }

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void publishesJoinedEndpointsAndAttachesRunningContainersResolvers() throws Exception {
        FakeNameService fresh = new FakeNameService();

        EarlyDns.Served served = new EarlyDns(world.store, fresh, world.sandboxes).serve();

        assertThat(served).isEqualTo(new EarlyDns.Served(1, 1, 0, 0));
        assertThat(fresh.networks()).containsOnlyKeys("web");
        assertThat(fresh.lookup("web", "app")).containsExactly(IpAddresses.parse("10.1.0.2"));
        assertThat(fresh.lookup("web", "db")).containsExactly(IpAddresses.parse("10.1.0.2"));
        assertThat(fresh.lookup("web", "idle")).isEmpty();
        assertThat(fresh.resolvers())
                .containsOnlyKeys(app)
                .containsEntry(
                        app,
                        new FakeNameService.Resolver(
                                sandboxKey(app), List.of(new InetSocketAddress(IpAddresses.parse("10.0.0.2"), 53))));
    }

    @Test
    void theContainersRestoreKeepsTheResolversAttachedEarly() throws Exception {
        FakeNameService dns = world.dns; // the controllers' DNS: the start attached app's resolver once
        new EarlyDns(world.store, dns, world.sandboxes).serve();
        world.controller.close();
        world.controller = world.newController();
        world.controller.restore();

        assertThat(dns.resolvers()).containsOnlyKeys(app);
        assertThat(dns.resolversStarted()).isEqualTo(1);
    }

    @Test
    void theStoreReplacesStaleSeededNamesAndTakesBackWhatItDoesNotHold() throws Exception {
        FakeNameService seededDns = new FakeNameService();
        String gone = "f".repeat(64);
        // What stale side files seeded: app under an old address and alias, a container the store no longer has
        // (name and resolver), a network removed meanwhile, and app on a network it was disconnected from.
        seededDns.defineNetwork("web", List.of(IpPrefix.parse("10.9.0.0/24")), true);
        seededDns.defineNetwork("old", List.of(IpPrefix.parse("10.8.0.0/24")), true);
        seededDns.publish("web", entry(app, "app", "10.9.0.7", "stale"));
        seededDns.publish("web", entry(gone, "gone", "10.9.0.8", "x"));
        seededDns.publish("old", entry(app, "app", "10.8.0.2", "y"));
        seededDns.attachResolver(app, Path.of("/run/netns/stale"), List.of());
        seededDns.attachResolver(gone, Path.of("/run/netns/gone"), List.of());
        SeededNames seeded = new SeededNames(Map.of("web", Set.of(app, gone), "old", Set.of(app)), Set.of(app, gone));

        EarlyDns.Served served = new EarlyDns(world.store, seededDns, world.sandboxes).serve(seeded);

        assertThat(served).isEqualTo(new EarlyDns.Served(1, 1, 0, 3));
        assertThat(seededDns.networks()).containsOnlyKeys("web");
        assertThat(seededDns.networks().get("web").subnets()).containsExactly(IpPrefix.parse("10.1.0.0/24"));
        assertThat(seededDns.entries("web")).containsOnlyKeys(app);
        assertThat(seededDns.lookup("web", "app")).containsExactly(IpAddresses.parse("10.1.0.2"));
        assertThat(seededDns.lookup("web", "stale")).isEmpty();
        assertThat(seededDns.lookup("web", "gone")).isEmpty();
        assertThat(seededDns.resolvers()).containsOnlyKeys(app);
        assertThat(seededDns.resolvers().get(app).namespace()).isEqualTo(sandboxKey(app));
    }

    @Test
    void seedsTheStoreAgreesWithAreKept() throws Exception {
        FakeNameService seededDns = new FakeNameService();
        new EarlyDns(world.store, seededDns, world.sandboxes).serve();
        int started = seededDns.resolversStarted();

        EarlyDns.Served served = new EarlyDns(world.store, seededDns, world.sandboxes)
                .serve(new SeededNames(Map.of("web", Set.of(app)), Set.of(app)));

        assertThat(served.corrected()).isZero();
        assertThat(seededDns.resolversStarted()).isEqualTo(started);
        assertThat(seededDns.lookup("web", "db")).containsExactly(IpAddresses.parse("10.1.0.2"));
    }

    /**
     * shoald killed just before it recorded a container RUNNING (ShoaldFaultE2eTest's "before container:RUNNING"): the
     * side file, written at the resolver's attach, seeded that container's resolver and name; the store holds it
     * STARTING, which the containers' restore finishes or undoes. Its resolver is taken back, its name stays exactly
     * while its endpoint is JOINED (as the store-only start publishes it), and a seeded name of an endpoint the crash
     * left CREATING goes.
     */
    @Test
    void aSeededContainerTheStoreHoldsStartingLosesItsResolver() throws Exception {
        ContainerRecord record =
                world.store.load(ContainerController.CONTAINERS).get(app);
        world.store.apply(List.of(
                Change.put(ContainerController.CONTAINERS, app, record.withPhase(ContainerRecord.Phase.STARTING))));
        String idle = world.store.load(Records.ENDPOINTS).get("e2").containerId();
        FakeNameService seededDns = new FakeNameService();
        seededDns.defineNetwork("web", List.of(IpPrefix.parse("10.1.0.0/24")), true);
        seededDns.publish("web", entry(app, "app", "10.1.0.2", "db"));
        seededDns.publish("web", entry(idle, "idle", "10.1.0.3", "half"));
        seededDns.attachResolver(app, sandboxKey(app), List.of());
        seededDns.attachResolver(idle, Path.of("/run/netns/half-made"), List.of());
        SeededNames seeded = new SeededNames(Map.of("web", Set.of(app, idle)), Set.of(app, idle));

        EarlyDns.Served served = new EarlyDns(world.store, seededDns, world.sandboxes).serve(seeded);

        assertThat(served.resolvers()).isZero();
        assertThat(seededDns.resolvers()).isEmpty();
        assertThat(seededDns.lookup("web", "app")).containsExactly(IpAddresses.parse("10.1.0.2"));
        assertThat(seededDns.lookup("web", "idle")).isEmpty();
        assertThat(seededDns.lookup("web", "half")).isEmpty();
        assertThat(served.corrected()).isEqualTo(3); // idle's name, both resolvers
    }

    private static DnsEntry entry(String id, String name, String address, String alias) {
        return new DnsEntry(id, name, Optional.empty(), List.of(alias), List.of(IpAddresses.parse(address)));
    }

    private String run(String name, String network) throws Exception {
        String id = world.controller
                .create(Optional.of(name), spec("busybox", List.of("sleep", "9"), host(network), Map.of()))
                .id();
        world.controller.start(id);
        return id;
    }

    private Path sandboxKey(String id) throws Exception {
        return Path.of(world.store
                .load(ContainerController.CONTAINERS)
                .get(id)
                .sandboxKey()
                .orElseThrow());
    }

    private static NetworkRecord network(String id, String name, boolean builtin) {
        String subnet = builtin ? "172.17.0.0/16" : "10.1.0.0/24";
        return new NetworkRecord(
                id,
                name,
                "bridge",
                Instant.EPOCH,
                NetworkPhase.READY,
                builtin,
                false,
                false,
                false,
                "default",
                Map.of(),
                List.of(new PoolRecord(
                        "pool-" + name, false, subnet, Optional.empty(), Optional.empty(), Map.of(), true)),
                Map.of(),
                Map.of());
    }

    private EndpointRecord endpoint(String id, String containerId, String name, String ipv4, EndpointPhase phase) {
        return new EndpointRecord(
                id,
                web.id(),
                containerId,
                name,
                "",
                "eth0",
                1,
                phase,
                Optional.empty(),
                Optional.of(ipv4),
                Optional.of("pool-web"),
                Optional.empty(),
                Optional.empty(),
                List.of("db"),
                List.of());
    }
}
