package io.shoal.engine.network;

import static io.shoal.engine.network.NetworkFixture.sandbox;
import static io.shoal.engine.network.NetworkFixture.spec;
import static io.shoal.engine.network.NetworkFixture.subnet;
import static io.shoal.engine.network.NetworkFixture.withSubnet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.filter.Filters;
import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class NetworkControllerTest {
    private NetworkFixture fixture;
    private NetworkController controller;

    @BeforeEach
    void start() throws EngineException {
        fixture = new NetworkFixture().started();
        controller = fixture.controller;
    }

    static void assertFails(ThrowingCallable call, ErrorKind kind, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                .hasMessage(message);
    }

    @Test
    void createGivesAStoredReadyNetworkWithAnAutomaticPoolAndDns() throws EngineException {
        NetworkView web = controller.create(new NetworkSpec(
                "web",
                "bridge",
                Map.of("com.docker.network.bridge.name", "brweb"),
                Map.of("tier", "front"),
                "default",
                Map.of(),
                List.of(),
                false,
                true,
                true));

        assertThat(web.id()).matches("[0-9a-f]{64}");
        assertThat(web.created()).isEqualTo(fixture.clock.instant());
        assertThat(web.builtin()).isFalse();
        assertThat(web.internal()).isTrue();
        assertThat(web.attachable()).isTrue();
        assertThat(web.labels()).containsExactly(Map.entry("tier", "front"));
        assertThat(web.subnets()).singleElement().satisfies(s -> {
            assertThat(s.subnet().isIpv4()).isTrue();
            assertThat(s.gateway()).isPresent();
        });
        NetworkRecord stored = fixture.store.records(Records.NETWORKS).get(web.id());
        assertThat(stored.phase()).isEqualTo(NetworkPhase.READY);
        assertThat(stored.pools()).singleElement().satisfies(p -> assertThat(p.userSubnet())
                .isFalse());
        var config = fixture.bridge.networks().get(web.id());
        assertThat(config.options().values()).containsEntry("com.docker.network.bridge.name", "brweb");
        assertThat(config.internal()).isTrue();
        assertThat(config.ipv4()).hasSize(1);
        assertThat(config.ipv6()).isEmpty();
        assertThat(fixture.dns.networks().get("web").ownsReverse()).isTrue();
        assertThat(fixture.dns.networks().get("web").subnets())
                .containsExactly(web.subnets().get(0).subnet());
        assertThat(controller.inspect("web")).isEqualTo(web);
    }

    @Test
    void userSubnetsOfBothFamiliesAreRequestedInOrderWithGatewayRangeAndAux() throws EngineException {
        NetworkView net = controller.create(new NetworkSpec(
                "dual",
                "bridge",
                Map.of(),
                Map.of(),
                "",
                Map.of(),
                List.of(
                        new SubnetSpec(
                                Optional.of(IpPrefix.parse("10.9.0.0/16")),
                                Optional.of(IpPrefix.parse("10.9.1.0/24")),
                                Optional.of(NetworkFixture.address("10.9.0.254")),
                                Map.of("router", NetworkFixture.address("10.9.0.2"))),
                        subnet("fd00:9::/64")),
                true,
                false,
                false));

        assertThat(net.ipamDriver()).isEqualTo("default");
        assertThat(net.enableIpv6()).isTrue();
        assertThat(net.subnets()).hasSize(2);
        SubnetView v4 = net.subnets().get(0);
        assertThat(v4.subnet()).isEqualTo(IpPrefix.parse("10.9.0.0/16"));
        assertThat(v4.gateway()).contains(NetworkFixture.address("10.9.0.254"));
        assertThat(v4.ipRange()).contains(IpPrefix.parse("10.9.1.0/24"));
        assertThat(v4.auxAddresses()).containsEntry("router", NetworkFixture.address("10.9.0.2"));
        assertThat(net.subnets().get(1).subnet()).isEqualTo(IpPrefix.parse("fd00:9::/64"));
        assertThat(fixture.bridge.networks().get(net.id()).ipv6()).hasSize(1);
    }

    @Test
    void ipv6WithoutASubnetGetsAnAutomaticOne() throws EngineException {
        NetworkView net = controller.create(new NetworkSpec(
                "six", "bridge", Map.of(), Map.of(), "default", Map.of(), List.of(), true, false, false));
        assertThat(net.subnets()).extracting(s -> s.subnet().isIpv6()).containsExactly(false, true);
    }

    @Test
    void createRefusesBadNamesPredefinedNamesDuplicatesAndUnknownDrivers() throws EngineException {
        controller.create(spec("web"));

        assertFails(
                () -> controller.create(spec("bridge")),
                ErrorKind.FORBIDDEN,
                "operation is not permitted on predefined bridge network ");
        assertFails(
                () -> controller.create(spec("none")),
                ErrorKind.FORBIDDEN,
                "operation is not permitted on predefined none network ");
        assertFails(() -> controller.create(spec("web")), ErrorKind.CONFLICT, "network with name web already exists");
        assertFails(
                () -> controller.create(spec("-web")),
                ErrorKind.INVALID_ARGUMENT,
                "invalid network name \"-web\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        assertFails(
                () -> controller.create(spec("")),
                ErrorKind.INVALID_ARGUMENT,
                "invalid network name \"\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        assertThatThrownBy(() -> controller.create(new NetworkSpec(
                        "x", "overlay", Map.of(), Map.of(), "default", Map.of(), List.of(), false, false, false)))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessageContaining("no driver of type 'overlay'");
        assertThatThrownBy(() -> controller.create(new NetworkSpec(
                        "x", "bridge", Map.of(), Map.of(), "dhcp", Map.of(), List.of(), false, false, false)))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessageContaining("no driver of type 'dhcp'");
        assertFails(
                () -> controller.create(new NetworkSpec(
                        "x", "host", Map.of(), Map.of(), "default", Map.of(), List.of(), false, false, false)),
                ErrorKind.FORBIDDEN,
                "only one instance of \"host\" network is allowed");
        assertThat(controller.list(Filters.none()))
                .extracting(NetworkView::name)
                .containsExactlyInAnyOrder("bridge", "host", "none", "web");
    }

    @Test
    void anIpv6SubnetWithoutIpv6IsRefusedAndSaysToAddIpv6() {
        NetworkSpec spec = new NetworkSpec(
                "v6",
                "bridge",
                Map.of(),
                Map.of(),
                "default",
                Map.of(),
                List.of(subnet("fd00:1::/64")),
                false,
                false,
                false);
        assertThatThrownBy(() -> controller.create(spec))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("fd00:1::/64")
                .hasMessageContaining("add --ipv6");
        assertThat(fixture.ipam.pools()).hasSize(1); // the predefined bridge's only
    }

    @Test
    void aDriverRefusalLeavesNoPoolRecordNameOrDnsAndKeepsKindMessageAndCause() throws EngineException {
        int poolsBefore = fixture.ipam.pools().size();
        DriverException refusal = DriverException.conflict("bridge brweb already belongs to network other");
        fixture.bridge.failNext("createNetwork", refusal);

        assertThatThrownBy(() -> controller.create(withSubnet("web", "10.50.0.0/24")))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
                    assertThat(e.getCause()).isSameAs(refusal);
                })
                .hasMessage("bridge brweb already belongs to network other");

        assertThat(fixture.ipam.pools()).hasSize(poolsBefore);
        assertThat(fixture.store.records(Records.NETWORKS).values())
                .extracting(NetworkRecord::name)
                .containsExactlyInAnyOrder("bridge", "host", "none");
        assertThat(fixture.dns.networks()).doesNotContainKey("web");
        assertThat(controller.create(withSubnet("web", "10.50.0.0/24")).name()).isEqualTo("web");
    }

    @Test
    void anIpamRefusalUndoesTheEarlierPools() throws EngineException {
        controller.create(withSubnet("a", "10.60.0.0/16"));
        int poolsBefore = fixture.ipam.pools().size();

        assertThatThrownBy(() -> controller.create(withSubnet("b", "10.61.0.0/16", "10.60.1.0/24")))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                .hasMessageContaining("overlaps 10.60.0.0/16 of network a");

        assertThat(fixture.ipam.pools()).hasSize(poolsBefore);
        assertThat(fixture.bridge.calls()).noneMatch(c -> c.equals("createNetwork b"));
    }

    @Test
    void aStoreFailureLeavesNothingChanged() throws EngineException {
        int poolsBefore = fixture.ipam.pools().size();
        for (int n = 1; n <= 3; n++) {
            fixture.store.failApply(n, ErrorKind.UNAVAILABLE);
            int failedAt = n;
            assertThatThrownBy(() -> controller.create(withSubnet("web", "10.70.0.0/24")))
                    .as("store failure at apply %d", failedAt)
                    .isInstanceOfSatisfying(
                            EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
            assertThat(fixture.ipam.pools()).hasSize(poolsBefore);
            assertThat(fixture.bridge.networks().values())
                    .noneMatch(c -> c.name().equals("web"));
            assertThat(fixture.store.records(Records.NETWORKS).values())
                    .noneMatch(r -> r.name().equals("web"));
            assertThat(fixture.dns.networks()).doesNotContainKey("web");
        }
        assertThat(controller.create(withSubnet("web", "10.70.0.0/24")).name()).isEqualTo("web");
    }

    @Test
    void predefinedNetworksExistOnceWithStableIdsAcrossRestarts() throws EngineException {
        NetworkView bridge = controller.inspect("bridge");
        NetworkView host = controller.inspect("host");
        NetworkView none = controller.inspect("none");

        assertThat(bridge.builtin()).isTrue();
        assertThat(bridge.driver()).isEqualTo("bridge");
        assertThat(bridge.options()).containsExactly(Map.entry("com.docker.network.bridge.name", "shoal0"));
        assertThat(bridge.subnets())
                .singleElement()
                .satisfies(s -> assertThat(s.subnet().isIpv4()).isTrue());
        assertThat(host.driver()).isEqualTo("host");
        assertThat(host.subnets()).isEmpty();
        assertThat(none.driver()).isEqualTo("null");
        assertThat(fixture.bridge.networks()).hasSize(1);
        assertThat(fixture.dns.networks()).isEmpty();

        NetworkController restarted = fixture.restart();

        assertThat(restarted.inspect("bridge").id()).isEqualTo(bridge.id());
        assertThat(restarted.inspect("host").id()).isEqualTo(host.id());
        assertThat(restarted.inspect("none").id()).isEqualTo(none.id());
        assertThat(fixture.bridge.networks()).hasSize(1);
        assertThat(restarted.list(Filters.none())).hasSize(3);
    }

    @Test
    void lookupIsByFullIdThenNameThenUniquePrefix() throws EngineException {
        NetworkView web = controller.create(spec("web"));

        assertThat(controller.inspect(web.id()).name()).isEqualTo("web");
        assertThat(controller.inspect(web.id().substring(0, 5)).name()).isEqualTo("web");
        assertFails(() -> controller.inspect("nope"), ErrorKind.NOT_FOUND, "network nope not found");

        // A network whose name is another's id prefix is found by name first.
        NetworkView named = controller.create(spec(web.id().substring(0, 6)));
        assertThat(controller.inspect(web.id().substring(0, 6)).id()).isEqualTo(named.id());
    }

    @Test
    void anAmbiguousIdPrefixIsInvalid() throws EngineException {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(controller
                    .create(withSubnet("n" + i, "10.100." + i + ".0/24"))
                    .id());
        }
        ids.add(controller.inspect("bridge").id());
        ids.add(controller.inspect("host").id());
        ids.add(controller.inspect("none").id());
        // With 43 random ids, some first hex digit is shared (pigeonhole over 16 digits).
        String prefix = ids.stream()
                .map(id -> id.substring(0, 1))
                .filter(p -> ids.stream().filter(id -> id.startsWith(p)).count() > 1)
                .findFirst()
                .orElseThrow();
        long count = ids.stream().filter(id -> id.startsWith(prefix)).count();

        assertFails(
                () -> controller.inspect(prefix),
                ErrorKind.INVALID_ARGUMENT,
                "network " + prefix + " is ambiguous (" + count + " matches found based on ID prefix)");
    }

    @Test
    void listFiltersAsDocker() throws EngineException {
        NetworkView web = controller.create(new NetworkSpec(
                "web",
                "bridge",
                Map.of(),
                Map.of("tier", "front", "env", "prod"),
                "default",
                Map.of(),
                List.of(),
                false,
                false,
                false));
        controller.create(new NetworkSpec(
                "db",
                "macvlan",
                Map.of(),
                Map.of("tier", "back"),
                "default",
                Map.of(),
                List.of(),
                false,
                false,
                false));
        controller.create(spec("webhooks"));
        controller.attach(sandbox("c1"), "webhooks", EndpointSettings.defaults(), "eth0");

        assertThat(names(Map.of("name", Set.of("web")))).containsExactlyInAnyOrder("web", "webhooks");
        assertThat(names(Map.of("name", Set.of("^web$")))).containsExactly("web");
        assertThat(names(Map.of("name", Set.of("db", "none")))).containsExactlyInAnyOrder("db", "none");
        assertThat(names(Map.of("id", Set.of(web.id().substring(0, 10))))).containsExactly("web");
        assertThat(names(Map.of("driver", Set.of("macvlan")))).containsExactly("db");
        assertThat(names(Map.of("driver", Set.of("bridg")))).isEmpty();
        assertThat(names(Map.of("label", Set.of("tier")))).containsExactlyInAnyOrder("web", "db");
        assertThat(names(Map.of("label", Set.of("tier=front")))).containsExactly("web");
        assertThat(names(Map.of("label", Set.of("tier", "env=prod")))).containsExactly("web");
        assertThat(names(Map.of("type", Set.of("builtin")))).containsExactlyInAnyOrder("bridge", "host", "none");
        assertThat(names(Map.of("type", Set.of("custom")))).containsExactlyInAnyOrder("web", "db", "webhooks");
        assertThat(names(Map.of("dangling", Set.of("true")))).containsExactlyInAnyOrder("web", "db");
        assertThat(names(Map.of("dangling", Set.of("0"))))
                .containsExactlyInAnyOrder("bridge", "host", "none", "webhooks");
        assertThat(names(Map.of("scope", Set.of("local")))).hasSize(6);
        assertThat(names(Map.of("scope", Set.of("swarm")))).isEmpty();
        assertThat(names(Map.of("name", Set.of("web"), "driver", Set.of("bridge"))))
                .containsExactlyInAnyOrder("web", "webhooks");

        assertFails(
                () -> controller.list(new Filters(Map.of("colour", Set.of("red")))),
                ErrorKind.INVALID_ARGUMENT,
                "invalid filter 'colour'");
        assertFails(
                () -> controller.list(new Filters(Map.of("type", Set.of("mine")))),
                ErrorKind.INVALID_ARGUMENT,
                "invalid filter: 'type'='mine'");
        assertFails(
                () -> controller.list(new Filters(Map.of("dangling", Set.of("maybe")))),
                ErrorKind.INVALID_ARGUMENT,
                "invalid filter 'dangling=maybe'");
    }

    private List<String> names(Map<String, Set<String>> filters) throws EngineException {
        return controller.list(new Filters(filters)).stream()
                .map(NetworkView::name)
                .toList();
    }

    @Test
    void inspectShowsEachAttachedContainer() throws EngineException {
        NetworkView web = controller.create(withSubnet("web", "10.80.0.0/24"));
        EndpointView c1 = controller.attach(sandbox("c1"), web.id(), NetworkFixture.aliases("api"), "eth0");

        NetworkView seen = controller.inspect("web");

        assertThat(seen.containers()).containsOnlyKeys(c1.containerId());
        EndpointView shown = seen.containers().get(c1.containerId());
        assertThat(shown).isEqualTo(c1);
        assertThat(shown.containerName()).isEqualTo("c1");
        assertThat(shown.ipv4()).contains(IpPrefix.parse("10.80.0.2/24"));
        assertThat(shown.gatewayV4()).contains(NetworkFixture.address("10.80.0.1"));
        assertThat(shown.mac()).isPresent();
    }

    @Test
    void removeDeletesDriverNetworkPoolsRecordAndDns() throws EngineException {
        NetworkView web = controller.create(withSubnet("web", "10.90.0.0/24"));
        int pools = fixture.ipam.pools().size();

        controller.remove("web");

        assertThat(fixture.bridge.networks()).doesNotContainKey(web.id());
        assertThat(fixture.ipam.pools()).hasSize(pools - 1);
        assertThat(fixture.store.records(Records.NETWORKS)).doesNotContainKey(web.id());
        assertThat(fixture.dns.networks()).doesNotContainKey("web");
        assertFails(() -> controller.inspect("web"), ErrorKind.NOT_FOUND, "network web not found");
        assertFails(() -> controller.remove("web"), ErrorKind.NOT_FOUND, "network web not found");
        assertThat(controller.create(withSubnet("web", "10.90.0.0/24")).id()).isNotEqualTo(web.id());
    }

    @Test
    void removeRefusesPredefinedNetworksAndNetworksWithEndpoints() throws EngineException {
        NetworkView web = controller.create(spec("web"));
        controller.attach(sandbox("c1"), "web", EndpointSettings.defaults(), "eth0");

        assertFails(
                () -> controller.remove("bridge"),
                ErrorKind.FORBIDDEN,
                "bridge is a pre-defined network and cannot be removed");
        assertFails(
                () -> controller.remove("host"),
                ErrorKind.FORBIDDEN,
                "host is a pre-defined network and cannot be" + " removed");
        assertFails(
                () -> controller.remove("web"),
                ErrorKind.FORBIDDEN,
                "error while removing network: network web id " + web.id() + " has active endpoints (containers: c1)");
        assertThat(controller.inspect("web").id()).isEqualTo(web.id());
        assertThat(fixture.store.records(Records.NETWORKS).get(web.id()).phase())
                .isEqualTo(NetworkPhase.READY);

        controller.detach(NetworkFixture.containerId("c1"), "web");
        controller.remove(web.id());
        assertThat(controller.list(Filters.none())).hasSize(3);
    }

    @Test
    void awaitTeardownWaitsForTheDriversThatDeletedNetworks() throws EngineException {
        controller.awaitTeardown(Duration.ofSeconds(1));
        assertThat(fixture.bridge.calls()).noneMatch(c -> c.startsWith("awaitTeardown"));

        controller.create(spec("web"));
        controller.remove("web");
        fixture.bridge.failNext("awaitTeardown", DriverException.unavailable("teardown still running after PT1S"));

        assertFails(
                () -> controller.awaitTeardown(Duration.ofSeconds(1)),
                ErrorKind.UNAVAILABLE,
                "teardown still running after PT1S");
        controller.awaitTeardown(Duration.ofSeconds(1));
        assertThat(fixture.bridge.calls())
                .filteredOn(c -> c.startsWith("awaitTeardown"))
                .hasSize(2);
        assertThat(fixture.macvlan.calls()).isEmpty();
    }

    @Test
    void aDriverThatRefusesTheRemovalPutsTheNetworkBackInService() throws EngineException {
        NetworkView web = controller.create(spec("web"));
        fixture.bridge.failNext(
                "deleteNetwork", new DriverException(io.shoal.spi.ErrorKind.INTERNAL, "RTM_DELLINK brweb: EBUSY"));

        assertFails(() -> controller.remove("web"), ErrorKind.INTERNAL, "RTM_DELLINK brweb: EBUSY");

        assertThat(controller.inspect("web").id()).isEqualTo(web.id());
        assertThat(fixture.store.records(Records.NETWORKS).get(web.id()).phase())
                .isEqualTo(NetworkPhase.READY);
        assertThat(fixture.dns.networks()).containsKey("web");
        controller.remove("web");
        assertThat(fixture.bridge.networks()).doesNotContainKey(web.id());
    }

    @Test
    void aStoreFailureBeforeRemovalKeepsTheNetwork() throws EngineException {
        NetworkView web = controller.create(spec("web"));
        fixture.store.failApply(1, ErrorKind.UNAVAILABLE);

        assertThatThrownBy(() -> controller.remove("web")).isInstanceOf(EngineException.class);

        assertThat(controller.inspect("web").id()).isEqualTo(web.id());
        assertThat(fixture.bridge.networks()).containsKey(web.id());
    }

    @Test
    void pruneRemovesUnusedUserNetworksMatchingTheFilters() throws EngineException {
        controller.create(new NetworkSpec(
                "old", "bridge", Map.of(), Map.of("keep", "no"), "default", Map.of(), List.of(), false, false, false));
        controller.create(new NetworkSpec(
                "kept",
                "bridge",
                Map.of(),
                Map.of("keep", "yes"),
                "default",
                Map.of(),
                List.of(),
                false,
                false,
                false));
        controller.create(spec("busy"));
        controller.attach(sandbox("c1"), "busy", EndpointSettings.defaults(), "eth0");
        fixture.clock.advance(Duration.ofHours(2));
        controller.create(spec("young"));

        assertThat(controller.prune(new Filters(Map.of("until", Set.of("1h"), "label!", Set.of("keep=yes")))))
                .containsExactly("old");
        assertThat(controller.prune(new Filters(Map.of("label", Set.of("keep")))))
                .containsExactly("kept");
        assertThat(controller.prune(Filters.none())).containsExactly("young");
        assertThat(controller.list(Filters.none()))
                .extracting(NetworkView::name)
                .containsExactlyInAnyOrder("bridge", "host", "none", "busy");
        assertFails(
                () -> controller.prune(new Filters(Map.of("name", Set.of("x")))),
                ErrorKind.INVALID_ARGUMENT,
                "invalid filter 'name'");
        assertThatThrownBy(() -> controller.prune(new Filters(Map.of("until", Set.of("yesterday")))))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageStartingWith("invalid filter 'until=yesterday'");
    }

    @Test
    void pruneUntilTakesTimestampsToo() throws EngineException {
        controller.create(spec("a"));
        fixture.clock.advance(Duration.ofMinutes(10));
        controller.create(spec("b"));
        String between = fixture.clock.instant().minus(Duration.ofMinutes(5)).toString();
        long epoch = fixture.clock.instant().minus(Duration.ofMinutes(5)).getEpochSecond();

        assertThat(controller.prune(new Filters(Map.of("until", Set.of(String.valueOf(epoch))))))
                .containsExactly("a");
        assertThat(controller.prune(new Filters(Map.of("until", Set.of(between)))))
                .isEmpty();
        fixture.clock.advance(Duration.ofMinutes(3));
        assertThat(controller.prune(new Filters(Map.of("until", Set.of("2m30s")))))
                .containsExactly("b");
    }

    @Test
    void concurrentCreatesOfOneNameMakeOneNetwork() throws Exception {
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<ErrorKind>> results = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        controller.create(spec("same"));
                        return null;
                    } catch (EngineException e) {
                        return e.kind();
                    }
                }));
            }
            go.countDown();
            List<ErrorKind> kinds = new java.util.ArrayList<>();
            for (var result : results) {
                kinds.add(result.get());
            }
            assertThat(kinds).filteredOn(k -> k == null).hasSize(1);
            assertThat(kinds).filteredOn(k -> k != null).containsOnly(ErrorKind.CONFLICT);
            assertThat(fixture.bridge.networks().values())
                    .filteredOn(c -> c.name().equals("same"))
                    .hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
