package io.shoal.engine.network;

import static io.shoal.engine.network.NetworkControllerTest.assertFails;
import static io.shoal.engine.network.NetworkFixture.address;
import static io.shoal.engine.network.NetworkFixture.aliases;
import static io.shoal.engine.network.NetworkFixture.containerId;
import static io.shoal.engine.network.NetworkFixture.ip;
import static io.shoal.engine.network.NetworkFixture.ip6;
import static io.shoal.engine.network.NetworkFixture.sandbox;
import static io.shoal.engine.network.NetworkFixture.spec;
import static io.shoal.engine.network.NetworkFixture.withSubnet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.container.ContainerPort;
import io.shoal.engine.dns.DnsEntry;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.store.EngineStore;
import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class NetworkAttachmentsTest {
    private NetworkFixture fixture;
    private NetworkController controller;

    @BeforeEach
    void start() throws EngineException {
        fixture = new NetworkFixture().started();
        controller = fixture.controller;
    }

    @Test
    void attachAllocatesCreatesJoinsPublishesAndRecords() throws EngineException {
        NetworkView web = controller.create(withSubnet("web", "10.1.0.0/24"));

        EndpointView c1 = controller.attach(sandbox("c1"), "web", aliases("api", "www"), "eth1");

        assertThat(c1.networkId()).isEqualTo(web.id());
        assertThat(c1.networkName()).isEqualTo("web");
        assertThat(c1.endpointId()).matches("[0-9a-f]{64}");
        assertThat(c1.ipv4()).contains(IpPrefix.parse("10.1.0.2/24"));
        assertThat(c1.ipv6()).isEmpty();
        assertThat(c1.aliases()).containsExactly("api", "www");
        assertThat(c1.dnsNames())
                .containsExactly("c1", "api", "www", containerId("c1").substring(0, 12), "c1-host");
        assertThat(fixture.bridge.calls())
                .containsSubsequence(
                        "createEndpoint " + c1.endpointId().substring(0, 12),
                        "join " + c1.endpointId().substring(0, 12) + " eth1 gateway=false");
        RecordingNetworkDriver.Endpoint driven = fixture.bridge.endpoints().get(c1.endpointId());
        assertThat(driven.join.orElseThrow().sandbox().namespacePath())
                .isEqualTo(sandbox("c1").namespacePath());
        assertThat(driven.config.ipv4()).contains(IpPrefix.parse("10.1.0.2/24"));
        assertThat(fixture.dns.lookup("web", "api")).containsExactly(address("10.1.0.2"));
        assertThat(fixture.dns.lookup("web", "c1")).containsExactly(address("10.1.0.2"));
        assertThat(fixture.dns.lookup("web", "c1-host")).containsExactly(address("10.1.0.2"));
        EndpointRecord stored = fixture.store.records(Records.ENDPOINTS).get(c1.endpointId());
        assertThat(stored.phase()).isEqualTo(EndpointPhase.JOINED);
        assertThat(stored.ipv4()).contains("10.1.0.2/24");
        assertThat(controller.endpointsOf(containerId("c1"))).containsExactly(c1);
        assertThat(fixture.ipam.endpointAddresses(stored.poolV4().orElseThrow()))
                .containsExactly(address("10.1.0.2"));
    }

    @Test
    void roundRobinNamesResolveToEveryMember() throws EngineException {
        controller.create(withSubnet("web", "10.2.0.0/24"));
        controller.attach(sandbox("w1"), "web", aliases("web"), "eth0");
        controller.attach(sandbox("w2"), "web", aliases("web"), "eth0");

        assertThat(fixture.dns.lookup("web", "web")).containsExactly(address("10.2.0.2"), address("10.2.0.3"));
    }

    @Test
    void dualStackNetworksGiveBothFamilies() throws EngineException {
        controller.create(withSubnet("dual", "10.3.0.0/24", "fd00:3::/64"));

        EndpointView c1 = controller.attach(sandbox("c1"), "dual", EndpointSettings.defaults(), "eth0");

        assertThat(c1.ipv6()).contains(IpPrefix.parse("fd00:3::2/64"));
        assertThat(c1.gatewayV6()).contains(address("fd00:3::1"));
        DnsEntry entry = fixture.dns.entry("dual", containerId("c1"));
        assertThat(entry.addresses()).containsExactly(address("10.3.0.2"), address("fd00:3::2"));
    }

    @Test
    void endpointsListsEveryJoinedEndpointOfEveryNetwork() throws EngineException {
        controller.create(withSubnet("web", "10.6.0.0/24"));
        controller.create(withSubnet("db", "10.7.0.0/24"));
        EndpointView c1 = controller.attach(sandbox("c1"), "web", aliases(), "eth0");
        EndpointView c2 = controller.attach(sandbox("c2"), "db", aliases(), "eth0");
        EndpointView c1db = controller.attach(sandbox("c1"), "db", aliases(), "eth1");

        assertThat(controller.endpoints()).containsExactlyInAnyOrder(c1, c2, c1db);

        controller.detach(containerId("c1"), "db");
        assertThat(controller.endpoints()).containsExactlyInAnyOrder(c1, c2);
    }

    @Test
    void detachWithdrawsFirstThenLeavesDeletesReleasesAndForgets() throws EngineException {
        controller.create(withSubnet("web", "10.4.0.0/24"));
        EndpointView c1 = controller.attach(sandbox("c1"), "web", aliases("api"), "eth0");
        String pool = fixture.store
                .records(Records.ENDPOINTS)
                .get(c1.endpointId())
                .poolV4()
                .orElseThrow();

        controller.detach(containerId("c1"), "web");

        assertThat(fixture.dns.lookup("web", "api")).isEmpty();
        assertThat(fixture.dns.calls())
                .last()
                .isEqualTo("withdraw web " + containerId("c1").substring(0, 12));
        String ep = c1.endpointId().substring(0, 12);
        assertThat(fixture.bridge.calls()).containsSubsequence("leave " + ep, "deleteEndpoint " + ep);
        assertThat(fixture.bridge.endpoints()).isEmpty();
        assertThat(fixture.ipam.endpointAddresses(pool)).isEmpty();
        assertThat(fixture.store.records(Records.ENDPOINTS)).isEmpty();
        assertThat(controller.endpointsOf(containerId("c1"))).isEmpty();
        assertThat(controller.inspect("web").containers()).isEmpty();
        assertFails(
                () -> controller.detach(containerId("c1"), "web"),
                ErrorKind.NOT_FOUND,
                "container " + containerId("c1") + " is not connected to network web");
    }

    @Test
    void attachingTwiceIsAConflictAndChangesNothing() throws EngineException {
        controller.create(spec("web"));
        controller.attach(sandbox("c1"), "web", EndpointSettings.defaults(), "eth0");

        assertFails(
                () -> controller.attach(sandbox("c1"), "web", EndpointSettings.defaults(), "eth1"),
                ErrorKind.CONFLICT,
                "container c1 is already attached to network web");
        assertThat(fixture.bridge.endpoints()).hasSize(1);
        assertThat(fixture.store.records(Records.ENDPOINTS)).hasSize(1);
    }

    @Test
    void findGivesTheNetworkWithoutBuildingItsContainersWhichInspectLists() throws EngineException {
        controller.create(withSubnet("web", "10.8.0.0/24"));
        controller.attach(sandbox("c1"), "web", aliases(), "eth0");

        NetworkView found = controller.find("web");

        assertThat(found.id()).isEqualTo(controller.inspect("web").id());
        assertThat(found.subnets()).isEqualTo(controller.inspect("web").subnets());
        assertThat(found.containers()).isEmpty();
        assertThat(controller.inspect("web").containers()).containsOnlyKeys(containerId("c1"));
    }

    @Test
    void anUnknownNetworkIsNotFound() {
        assertFails(
                () -> controller.attach(sandbox("c1"), "nope", EndpointSettings.defaults(), "eth0"),
                ErrorKind.NOT_FOUND,
                "network nope not found");
        assertFails(() -> controller.find("nope"), ErrorKind.NOT_FOUND, "network nope not found");
    }

    @Test
    void fixedAddressesComeFromUserSubnetsOnly() throws EngineException {
        controller.create(withSubnet("fixed", "10.5.0.0/24", "fd00:5::/64"));
        controller.create(spec("auto"));

        EndpointView c1 = controller.attach(sandbox("c1"), "fixed", ip("10.5.0.50"), "eth0");
        assertThat(c1.ipv4()).contains(IpPrefix.parse("10.5.0.50/24"));
        EndpointView c2 = controller.attach(sandbox("c2"), "fixed", ip6("fd00:5::50"), "eth0");
        assertThat(c2.ipv6()).contains(IpPrefix.parse("fd00:5::50/64"));

        assertFails(
                () -> controller.attach(sandbox("c3"), "auto", ip("10.5.0.51"), "eth0"),
                ErrorKind.INVALID_ARGUMENT,
                "user specified IP address is supported only when connecting to networks with user configured"
                        + " subnets");
        assertFails(
                () -> controller.attach(sandbox("c3"), "fixed", ip("10.6.0.1"), "eth0"),
                ErrorKind.INVALID_ARGUMENT,
                "no configured subnet or ip-range contain the IP address 10.6.0.1 (network fixed, subnet"
                        + " 10.5.0.0/24)");
        assertFails(
                () -> controller.attach(sandbox("c3"), "bridge", ip("10.5.0.51"), "eth0"),
                ErrorKind.INVALID_ARGUMENT,
                "user specified IP address is supported on user defined networks only");
        assertThatThrownBy(() -> controller.attach(sandbox("c3"), "auto", ip6("fd00:5::51"), "eth0"))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("has no IPv6 subnet")
                .hasMessageContaining("--ipv6");
        assertThatThrownBy(() -> controller.attach(sandbox("c3"), "fixed", ip("10.5.0.50"), "eth0"))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind())
                        .isIn(ErrorKind.CONFLICT, ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("10.5.0.50");
        assertThat(fixture.bridge.endpoints()).hasSize(2);
        assertThat(fixture.store.records(Records.ENDPOINTS)).hasSize(2);
        assertThat(controller.endpointsOf(containerId("c3"))).isEmpty();
    }

    @Test
    void anAddressOutsideTheSubnetsNamesTheNetworkAndEverySubnetOfItsFamily() throws EngineException {
        controller.create(withSubnet("demo", "10.123.0.0/24", "10.124.0.0/24", "fd00:7::/64"));

        assertFails(
                () -> controller.attach(sandbox("c1"), "demo", ip("10.9.9.9"), "eth0"),
                ErrorKind.INVALID_ARGUMENT,
                "no configured subnet or ip-range contain the IP address 10.9.9.9 (network demo, subnets"
                        + " 10.123.0.0/24, 10.124.0.0/24)");
        assertFails(
                () -> controller.attach(sandbox("c1"), "demo", ip6("fd00:8::9"), "eth0"),
                ErrorKind.INVALID_ARGUMENT,
                "no configured subnet or ip-range contain the IP address fd00:8::9 (network demo, subnet"
                        + " fd00:7::/64)");
        assertThat(fixture.bridge.endpoints()).isEmpty();
    }

    @Test
    void aliasesOnPredefinedNetworksAreRefusedAndTheDefaultBridgeHasNoDns() throws EngineException {
        assertFails(
                () -> controller.attach(sandbox("c1"), "bridge", aliases("api"), "eth0"),
                ErrorKind.INVALID_ARGUMENT,
                "network-scoped alias is supported only for containers in user defined networks");

        EndpointView c1 = controller.attach(sandbox("c1"), "bridge", EndpointSettings.defaults(), "eth0");

        assertThat(c1.ipv4()).isPresent();
        assertThat(c1.dnsNames()).isEmpty();
        assertThat(fixture.dns.calls()).noneMatch(c -> c.startsWith("publish"));
        controller.detach(containerId("c1"), "bridge");
        assertThat(fixture.dns.calls()).noneMatch(c -> c.startsWith("withdraw"));
    }

    @Test
    void hostAndNoneHaveNoDriverAddressOrDnsAndExcludeOtherNetworks() throws EngineException {
        controller.create(spec("web"));

        EndpointView onHost = controller.attach(sandbox("h"), "host", EndpointSettings.defaults(), "eth0");
        EndpointView onNone = controller.attach(sandbox("n"), "none", EndpointSettings.defaults(), "eth0");

        assertThat(onHost.ipv4()).isEmpty();
        assertThat(onHost.mac()).isEmpty();
        assertThat(onNone.ipv4()).isEmpty();
        assertThat(fixture.bridge.endpoints()).isEmpty();
        assertThat(controller.inspect("host").containers()).containsOnlyKeys(containerId("h"));
        assertFails(
                () -> controller.attach(sandbox("h"), "web", EndpointSettings.defaults(), "eth1"),
                ErrorKind.FORBIDDEN,
                "container sharing network namespace with another container or host cannot be connected to any"
                        + " other network");
        assertFails(
                () -> controller.attach(sandbox("n"), "web", EndpointSettings.defaults(), "eth1"),
                ErrorKind.FORBIDDEN,
                "container cannot be connected to multiple networks with one of the networks in private (none) mode");
        controller.attach(sandbox("w"), "web", EndpointSettings.defaults(), "eth0");
        assertFails(
                () -> controller.attach(sandbox("w"), "host", EndpointSettings.defaults(), "eth1"),
                ErrorKind.FORBIDDEN,
                "container cannot be disconnected from host network or connected to host network");
        assertFails(
                () -> controller.attach(sandbox("w"), "none", EndpointSettings.defaults(), "eth1"),
                ErrorKind.FORBIDDEN,
                "container cannot be connected to multiple networks with one of the networks in private (none) mode");

        controller.detach(containerId("h"), "host");
        controller.detach(containerId("n"), "none");
        assertThat(controller.inspect("host").containers()).isEmpty();
        assertThat(fixture.store.records(Records.ENDPOINTS)).hasSize(1);
    }

    @Test
    void aFailedJoinLeavesNoAddressRecordEndpointOrDns() throws EngineException {
        NetworkView web = controller.create(withSubnet("web", "10.7.0.0/24"));
        String pool = fixture.store
                .records(Records.NETWORKS)
                .get(web.id())
                .pools()
                .get(0)
                .poolId();
        DriverException refusal = DriverException.notFound("sandbox /run/shoal/netns/c1 is gone");
        fixture.bridge.failNext("join", refusal);

        assertThatThrownBy(() -> controller.attach(sandbox("c1"), "web", aliases("api"), "eth0"))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                    assertThat(e.getCause()).isSameAs(refusal);
                    assertThat(e.getSuppressed()).isEmpty();
                })
                .hasMessage("sandbox /run/shoal/netns/c1 is gone");

        assertThat(fixture.ipam.endpointAddresses(pool)).isEmpty();
        assertThat(fixture.bridge.endpoints()).isEmpty();
        assertThat(fixture.store.records(Records.ENDPOINTS)).isEmpty();
        assertThat(fixture.dns.entries("web")).isEmpty();
        assertThat(controller.endpointsOf(containerId("c1"))).isEmpty();
        EndpointView again = controller.attach(sandbox("c1"), "web", aliases("api"), "eth0");
        assertThat(fixture.ipam.endpointAddresses(pool))
                .containsExactly(again.ipv4().orElseThrow().address());
    }

    @Test
    void aStoreFailureDuringAttachOrDetachLeavesTheEarlierState() throws EngineException {
        NetworkView web = controller.create(withSubnet("web", "10.8.0.0/24"));
        String pool = fixture.store
                .records(Records.NETWORKS)
                .get(web.id())
                .pools()
                .get(0)
                .poolId();
        for (int n = 1; n <= 2; n++) {
            fixture.store.failApply(n, ErrorKind.UNAVAILABLE);
            assertThatThrownBy(() -> controller.attach(sandbox("c1"), "web", aliases("api"), "eth0"))
                    .isInstanceOf(EngineException.class);
            assertThat(fixture.ipam.endpointAddresses(pool)).isEmpty();
            assertThat(fixture.bridge.endpoints()).isEmpty();
            assertThat(fixture.store.records(Records.ENDPOINTS)).isEmpty();
            assertThat(fixture.dns.entries("web")).isEmpty();
        }
        EndpointView c1 = controller.attach(sandbox("c1"), "web", aliases("api"), "eth0");
        assertThat(fixture.ipam.endpointAddresses(pool))
                .containsExactly(c1.ipv4().orElseThrow().address());

        fixture.store.failApply(1, ErrorKind.UNAVAILABLE);
        assertThatThrownBy(() -> controller.detach(containerId("c1"), "web")).isInstanceOf(EngineException.class);

        assertThat(controller.endpointsOf(containerId("c1"))).containsExactly(c1);
        assertThat(fixture.dns.lookup("web", "api"))
                .containsExactly(c1.ipv4().orElseThrow().address());
        assertThat(fixture.bridge.endpoints()).containsKey(c1.endpointId());
    }

    @Test
    void anAttachWhoseUnitFailsToCommitIsTakenBackInMemoryAndInTheDriver() throws EngineException {
        fixture.store.deferringInUnits();
        NetworkView web = controller.create(withSubnet("web", "10.9.0.0/24"));
        String pool = fixture.store
                .records(Records.NETWORKS)
                .get(web.id())
                .pools()
                .get(0)
                .poolId();
        fixture.store.failNextUnitCommit();

        assertThatThrownBy(() -> {
                    try (EngineStore.Unit unit = fixture.store.beginUnit()) {
                        controller.attach(sandbox("c1"), "web", aliases("api"), "eth0");
                    }
                })
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessageContaining("simulated failure of a unit's commit");

        assertThat(controller.endpointsOf(containerId("c1"))).isEmpty();
        assertThat(fixture.ipam.endpointAddresses(pool)).isEmpty();
        assertThat(fixture.bridge.endpoints()).isEmpty();
        assertThat(fixture.dns.entries("web")).isEmpty();
        assertThat(fixture.store.records(Records.ENDPOINTS)).isEmpty();
        try (EngineStore.Unit unit = fixture.store.beginUnit()) {
            controller.attach(sandbox("c1"), "web", aliases("api"), "eth0");
        }
        assertThat(fixture.bridge.endpoints()).hasSize(1);
        assertThat(fixture.store.records(Records.ENDPOINTS)).hasSize(1);
    }

    @Test
    void aDetachWhoseUnitFailsToCommitLeavesTheEndpointDeletingToBeTriedAgain() throws EngineException {
        fixture.store.deferringInUnits();
        controller.create(spec("web"));
        EndpointView c1 = controller.attach(sandbox("c1"), "web", aliases("api"), "eth0");
        fixture.store.failNextUnitCommit();

        assertThatThrownBy(() -> {
                    try (EngineStore.Unit unit = fixture.store.beginUnit()) {
                        controller.detach(containerId("c1"), "web");
                    }
                })
                .isInstanceOf(EngineException.class);

        assertThat(fixture.store.records(Records.ENDPOINTS)).containsKey(c1.endpointId());
        assertFails(
                () -> controller.remove("web"),
                ErrorKind.FORBIDDEN,
                "error while removing network: network web id " + c1.networkId()
                        + " has active endpoints (containers: c1)");
        assertThat(fixture.dns.entries("web")).isEmpty();
        try (EngineStore.Unit unit = fixture.store.beginUnit()) {
            controller.detach(containerId("c1"), "web");
        }
        assertThat(fixture.bridge.endpoints()).isEmpty();
        assertThat(fixture.store.records(Records.ENDPOINTS)).isEmpty();
        controller.remove("web");
    }

    @Test
    void aDetachThatFailedHalfWayCanBeTriedAgain() throws EngineException {
        controller.create(spec("web"));
        EndpointView c1 = controller.attach(sandbox("c1"), "web", EndpointSettings.defaults(), "eth0");
        fixture.bridge.failNext("deleteEndpoint", new DriverException(io.shoal.spi.ErrorKind.UNAVAILABLE, "busy"));

        assertFails(() -> controller.detach(containerId("c1"), "web"), ErrorKind.UNAVAILABLE, "busy");
        assertFails(
                () -> controller.remove("web"),
                ErrorKind.FORBIDDEN,
                "error while removing network: network web id " + c1.networkId()
                        + " has active endpoints (containers: c1)");

        controller.detach(containerId("c1"), "web");
        assertThat(fixture.bridge.endpoints()).isEmpty();
        assertThat(fixture.store.records(Records.ENDPOINTS)).isEmpty();
        controller.remove("web");
    }

    @Test
    void concurrentAttachesAndDetachesOfDifferentContainersKeepTheBooksStraight() throws Exception {
        NetworkView web = controller.create(withSubnet("web", "10.9.0.0/24"));
        String pool = fixture.store
                .records(Records.NETWORKS)
                .get(web.id())
                .pools()
                .get(0)
                .poolId();
        int threads = 8;
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<EndpointView>> attached = new java.util.ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String name = "c" + i;
                attached.add(workers.submit(() -> {
                    go.await();
                    EndpointView view = controller.attach(sandbox(name), "web", aliases("web"), "eth0");
                    if (name.endsWith("0")) {
                        controller.detach(containerId(name), "web");
                    }
                    return view;
                }));
            }
            go.countDown();
            java.util.Set<InetAddress> addresses = new java.util.HashSet<>();
            for (var future : attached) {
                addresses.add(future.get().ipv4().orElseThrow().address());
            }
            assertThat(addresses).hasSize(24);
        } finally {
            workers.shutdownNow();
        }
        // c0, c10 and c20 left again.
        assertThat(controller.inspect("web").containers()).hasSize(21);
        assertThat(fixture.bridge.endpoints()).hasSize(21);
        assertThat(fixture.store.records(Records.ENDPOINTS)).hasSize(21);
        assertThat(fixture.ipam.endpointAddresses(pool)).hasSize(21);
        assertThat(fixture.dns.lookup("web", "web")).hasSize(21);
    }

    @Test
    void endpointsOfListsInAttachOrder() throws EngineException {
        controller.create(spec("b"));
        controller.create(spec("a"));
        controller.attach(sandbox("c1"), "b", EndpointSettings.defaults(), "eth0");
        controller.attach(sandbox("c1"), "a", EndpointSettings.defaults(), "eth1");
        controller.attach(sandbox("c1"), "bridge", EndpointSettings.defaults(), "eth2");

        assertThat(controller.endpointsOf(containerId("c1")))
                .extracting(EndpointView::networkName)
                .containsExactly("b", "a", "bridge");
    }

    @Test
    void portsArePublishedWithChosenHostPortsAndRevokedOnDetach() throws EngineException {
        controller.create(spec("web"));
        EndpointView c1 = controller.attach(sandbox("c1"), "web", EndpointSettings.defaults(), "eth0");
        ContainerPort http = new ContainerPort(80, "tcp");
        ContainerPort dns = new ContainerPort(53, "udp");

        List<PublishedPort> made = controller.programPorts(
                containerId("c1"),
                "web",
                List.of(
                        PortRequest.of(http, Optional.empty(), 8080, 8080),
                        PortRequest.anyPort(dns),
                        PortRequest.of(http, Optional.of(address("127.0.0.1")), 9000, 9005)));

        assertThat(made).hasSize(3);
        assertThat(made.get(0)).isEqualTo(new PublishedPort(http, Optional.empty(), 8080));
        assertThat(made.get(1).hostPort()).isBetween(32768, 60999);
        assertThat(made.get(2)).isEqualTo(new PublishedPort(http, Optional.of(address("127.0.0.1")), 9000));
        assertThat(fixture.bridge.endpoints().get(c1.endpointId()).ports)
                .extracting(io.shoal.spi.PortBinding::hostPort)
                .containsExactly(8080, made.get(1).hostPort(), 9000);
        assertThat(fixture.store.records(Records.ENDPOINTS).get(c1.endpointId()).ports())
                .hasSize(3);

        controller.detach(containerId("c1"), "web");
        String ep = c1.endpointId().substring(0, 12);
        assertThat(fixture.bridge.calls()).containsSubsequence("revoke " + ep, "leave " + ep);
    }

    @Test
    void aTakenHostPortIsAConflictUnlessTheEngineMayChooseAnother() throws EngineException {
        controller.create(spec("web"));
        controller.attach(sandbox("c1"), "web", EndpointSettings.defaults(), "eth0");
        controller.attach(sandbox("c2"), "web", EndpointSettings.defaults(), "eth0");
        ContainerPort http = new ContainerPort(80, "tcp");
        controller.programPorts(containerId("c1"), "web", List.of(PortRequest.of(http, Optional.empty(), 8080, 8080)));
        fixture.bridge.hostPortsTaken.add("tcp/8081");

        assertThatThrownBy(() -> controller.programPorts(
                        containerId("c2"), "web", List.of(PortRequest.of(http, Optional.empty(), 8080, 8080))))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                .hasMessageStartingWith("driver failed programming external connectivity on endpoint c2 (")
                .hasMessageContaining("8080")
                .hasMessageEndingWith(" (held by container c1)");
        // A port a host process holds has no container to name.
        assertThatThrownBy(() -> controller.programPorts(
                        containerId("c2"), "web", List.of(PortRequest.of(http, Optional.empty(), 8081, 8081))))
                .hasMessageContaining("8081")
                .hasMessageNotContaining("held by");
        // 8080 is known to be another endpoint's and skipped; 8081 a host process holds: the driver refuses, and
        // the next one is tried.
        List<PublishedPort> made = controller.programPorts(
                containerId("c2"), "web", List.of(PortRequest.of(http, Optional.empty(), 8080, 8090)));
        assertThat(made).extracting(PublishedPort::hostPort).containsExactly(8082);
        assertFails(
                () -> controller.programPorts(
                        containerId("c2"), "web", List.of(PortRequest.of(http, Optional.empty(), 8080, 8081))),
                ErrorKind.CONFLICT,
                "no free host port in 8080-8081 to publish 80/tcp: all are allocated");
        assertThat(fixture.bridge.endpoints().values())
                .flatExtracting(e -> e.ports)
                .extracting(io.shoal.spi.PortBinding::hostPort)
                .containsExactlyInAnyOrder(8080, 8082);
    }

    @Test
    void portsOnTheHostNetworkAreNotPublished() throws EngineException {
        controller.attach(sandbox("h"), "host", EndpointSettings.defaults(), "eth0");
        assertThat(controller.programPorts(
                        containerId("h"), "host", List.of(PortRequest.anyPort(new ContainerPort(80, "tcp")))))
                .isEmpty();
        assertFails(
                () -> controller.programPorts(containerId("x"), "host", List.of()),
                ErrorKind.NOT_FOUND,
                "container " + containerId("x") + " is not connected to network host");
    }

    @Test
    void driverOptionsAndMacReachTheDriver() throws EngineException {
        controller.create(spec("web"));
        io.shoal.net.MacAddress mac = io.shoal.net.MacAddress.parse("02:42:0a:00:00:09");
        EndpointView c1 = controller.attach(
                sandbox("c1"),
                "web",
                new EndpointSettings(List.of(), Optional.empty(), Optional.empty(), Optional.of(mac), Map.of("k", "v")),
                "eth0");

        assertThat(c1.mac()).contains(mac);
        RecordingNetworkDriver.Endpoint driven = fixture.bridge.endpoints().get(c1.endpointId());
        assertThat(driven.config.options().values()).containsExactly(Map.entry("k", "v"));
    }

    @Test
    void macvlanNetworksDoNotOwnReverseLookups() throws EngineException {
        controller.create(new NetworkSpec(
                "lan",
                "macvlan",
                Map.of(),
                Map.of(),
                "default",
                Map.of(),
                List.of(NetworkFixture.subnet("192.168.50.0/24")),
                false,
                false,
                false));
        assertThat(fixture.dns.networks().get("lan").ownsReverse()).isFalse();
        InetAddress unused = address("192.168.50.1");
        assertThat(fixture.dns.networks().get("lan").subnets().get(0).contains(unused))
                .isTrue();
    }
}
