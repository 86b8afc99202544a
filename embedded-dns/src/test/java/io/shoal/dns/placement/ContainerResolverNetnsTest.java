package io.shoal.dns.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.dns.records.EndpointRecord;
import io.shoal.dns.records.LeftOutName;
import io.shoal.dns.records.NetworkDefinition;
import io.shoal.dns.records.RecordRegistry;
import io.shoal.dns.records.Registration;
import io.shoal.dns.records.ReverseLookups;
import io.shoal.dns.server.ResolverSettings;
import io.shoal.dns.server.TestUpstream;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.testing.Commands;
import io.shoal.netlink.testing.Netns;
import io.shoal.netlink.testing.NetnsExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.ReverseMap;

/** The resolver inside real container namespaces, asked by the real {@code dig} through the DNAT on port 53. */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class ContainerResolverNetnsTest {
    private static final String CLIENT = "c11e47000000";
    private static final String WEB = "3eb000000000";

    private final EmbeddedDns dns = EmbeddedDns.start(ResolverSettings.defaults()
            .withForwarding(Duration.ofMillis(500), 2, Duration.ofMillis(1500))
            .withEventLoopThreads(2));
    private final RecordRegistry records = dns.records();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        java.util.Collections.reverse(toClose);
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        dns.close();
    }

    @Test
    void answersAAaaaAndPtrAuthoritativelyWithTtlZero(NetworkNamespace client) throws Exception {
        joinClientAndWeb();
        attach(CLIENT, client, List.of());

        Dig.Result a = Dig.ask(client, "web", "A");
        Dig.Result aaaa = Dig.ask(client, "web", "AAAA");
        Dig.Result ptr = Dig.ask(client, "-x", "172.30.0.2");
        Dig.Result ptr6 = Dig.ask(client, "-x", "fd00:30::2");

        assertThat(a.status()).isEqualTo("NOERROR");
        assertThat(a.hasFlag("aa")).isTrue();
        assertThat(a.data()).containsExactly("172.30.0.2");
        assertThat(a.ttls()).containsExactly(0L);
        assertThat(aaaa.data()).containsExactly("fd00:30::2");
        assertThat(ptr.data()).containsExactly("web.");
        assertThat(ptr6.data()).containsExactly("web.");
    }

    @Test
    void namesAreCaseInsensitiveWithOrWithoutTrailingDotAndNetworkQualified(NetworkNamespace client) throws Exception {
        joinClientAndWeb();
        attach(CLIENT, client, List.of());

        for (String name : List.of("WEB", "wEb.", "www", "web.front", "WWW.FRONT.", WEB)) {
            assertThat(Dig.ask(client, name, "A").data()).as(name).containsExactly("172.30.0.2");
        }
    }

    @Test
    void aKnownNameWithoutTheTypeIsNoDataAndAnUnknownNameIsNxdomainFromUpstream(NetworkNamespace client)
            throws Exception {
        joinClientAndWeb();
        records.join("front", EndpointRecord.of("v4only000000", "v4only", ip("172.30.0.3")));
        TestUpstream upstream = upstreamInside(client, TestUpstream.Mode.ANSWER);
        attach(CLIENT, client, List.of(upstream.address()));

        Dig.Result noAaaa = Dig.ask(client, "v4only", "AAAA");
        Dig.Result noMx = Dig.ask(client, "web", "MX");
        Dig.Result noSrv = Dig.ask(client, "web", "SRV");
        Dig.Result unknown = Dig.ask(client, "nosuch.example", "A");

        assertThat(List.of(noAaaa, noMx, noSrv)).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo("NOERROR");
            assertThat(result.answers()).isEmpty();
            assertThat(result.hasFlag("aa")).isTrue();
        });
        assertThat(unknown.status()).isEqualTo("NXDOMAIN");
        assertThat(unknown.hasFlag("aa")).isFalse();
        assertThat(upstream.udpQueries()).isEqualTo(1);
    }

    /**
     * A container on an {@code --internal} network only has no route to the host's nameserver: its resolver still
     * starts, answers its own names, and gives SERVFAIL for others (the send fails with ENETUNREACH; nothing leaves
     * the namespace: 192.0.2.0/24 is TEST-NET-1, RFC 5737, and the namespace has only loopback).
     */
    @Test
    void anUpstreamWithoutARouteDoesNotStopTheResolver(NetworkNamespace client) throws Exception {
        joinClientAndWeb();
        attach(CLIENT, client, List.of(new InetSocketAddress(ip("192.0.2.53"), 53)));

        Dig.Result own = Dig.ask(client, "web", "A");
        Dig.Result other = Dig.ask(client, "nosuch.example", "A");

        assertThat(own.data()).containsExactly("172.30.0.2");
        assertThat(other.status()).isEqualTo("SERVFAIL");
    }

    /**
     * Issue 9, item 9: {@code dig -x} of an address on the requester's bridge network that no container holds is
     * answered NXDOMAIN here, though the upstream would have answered it; an address of a macvlan network's LAN goes
     * upstream.
     */
    @Test
    void aReverseLookupInAnOwnedSubnetNeverReachesTheUpstreamButALansDoes(NetworkNamespace client) throws Exception {
        records.defineNetwork(NetworkDefinition.of(
                "front", List.of(IpPrefix.parse("172.30.0.0/16"), IpPrefix.parse("fd00:30::/64"))));
        records.defineNetwork(NetworkDefinition.of("lan", List.of(IpPrefix.parse("192.168.77.0/24")))
                .with(ReverseLookups.FORWARD_UNKNOWN));
        joinClientAndWeb();
        records.join("lan", EndpointRecord.of(CLIENT, "client", ip("192.168.77.9")));
        TestUpstream upstream = upstreamInside(client, TestUpstream.Mode.ANSWER);
        Name owned = ReverseMap.fromAddress("172.30.0.200");
        Name owned6 = ReverseMap.fromAddress("fd00:30::200");
        Name lan = ReverseMap.fromAddress("192.168.77.1");
        for (Name name : List.of(owned, owned6, lan)) {
            upstream.add(new PTRRecord(name, DClass.IN, 60, Name.fromConstantString("known.upstream.test.")));
        }
        attach(CLIENT, client, List.of(upstream.address()));

        Dig.Result v4 = Dig.ask(client, "-x", "172.30.0.200");
        Dig.Result v6 = Dig.ask(client, "-x", "fd00:30::200");
        Dig.Result fromLan = Dig.ask(client, "-x", "192.168.77.1");

        for (Dig.Result result : List.of(v4, v6)) {
            assertThat(result.status()).isEqualTo("NXDOMAIN");
            assertThat(result.hasFlag("aa")).isTrue();
        }
        assertThat(upstream.askedFor(owned)).isZero();
        assertThat(upstream.askedFor(owned6)).isZero();
        assertThat(fromLan.data()).containsExactly("known.upstream.test.");
        assertThat(upstream.askedFor(lan)).isEqualTo(1);
    }

    /** Issue 9, item 10: a network name of 64 octets leaves only the qualified names out; the rest resolve. */
    @Test
    void aNetworkNameTooLongForDnsStillResolvesItsEndpoints(NetworkNamespace client) throws Exception {
        String network = "n".repeat(64);
        records.join(network, EndpointRecord.of(CLIENT, "client", ip("172.30.0.9")));
        Registration web = records.join(network, endpoint(WEB, "web", Set.of("www"), "172.30.0.2"));
        attach(CLIENT, client, List.of());

        assertThat(Dig.ask(client, "web").data()).containsExactly("172.30.0.2");
        assertThat(Dig.ask(client, "www").data()).containsExactly("172.30.0.2");
        assertThat(Dig.ask(client, "-x", "172.30.0.2").data()).containsExactly("web.");
        assertThat(web.leftOut()).extracting(LeftOutName::field).containsExactly("network name");
    }

    @Test
    void thirtyQueriesPutEachOfThreeEndpointsFirstTenTimes(NetworkNamespace client) throws Exception {
        joinClientAndWeb();
        for (int i = 1; i <= 3; i++) {
            records.join("front", endpoint("api00000000" + i, "api-" + i, Set.of("api"), "172.30.1." + i));
        }
        attach(CLIENT, client, List.of());

        Map<String, Integer> firsts = new HashMap<>();
        for (int query = 0; query < 30; query++) {
            List<String> answer = Dig.ask(client, "api", "A").data();
            assertThat(answer).containsExactlyInAnyOrder("172.30.1.1", "172.30.1.2", "172.30.1.3");
            firsts.merge(answer.get(0), 1, Integer::sum);
        }

        assertThat(firsts)
                .containsOnly(Map.entry("172.30.1.1", 10), Map.entry("172.30.1.2", 10), Map.entry("172.30.1.3", 10));
    }

    @Test
    void oneAliasOnTwoNetworksResolvesPerNetwork(
            @Netns("front") NetworkNamespace frontClient, @Netns("back") NetworkNamespace backClient) throws Exception {
        records.join("front", endpoint("dbfront00000", "db-front", Set.of("db"), "10.31.0.2"));
        records.join("back", endpoint("dbback000000", "db-back", Set.of("db"), "10.32.0.2"));
        records.join("front", EndpointRecord.of("frontclient0", "front-client", ip("10.31.0.9")));
        records.join("back", EndpointRecord.of("backclient00", "back-client", ip("10.32.0.9")));
        attach("frontclient0", frontClient, List.of());
        attach("backclient00", backClient, List.of());

        assertThat(Dig.ask(frontClient, "db").data()).containsExactly("10.31.0.2");
        assertThat(Dig.ask(backClient, "db").data()).containsExactly("10.32.0.2");
        assertThat(Dig.ask(frontClient, "db-back").status()).isEqualTo("SERVFAIL");
        assertThat(Dig.ask(frontClient, "-x", "10.32.0.2").status()).isEqualTo("SERVFAIL");
    }

    @Test
    void aHundredAliasedEndpointsTruncateOverUdpAndDigGetsThemAllOverTcp(NetworkNamespace client) throws Exception {
        joinClientAndWeb();
        for (int i = 0; i < 100; i++) {
            records.join("front", endpoint("many" + i, "many-" + i, Set.of("many"), "172.30.2." + (i + 1)));
        }
        attach(CLIENT, client, List.of());

        Dig.Result udpOnly = Dig.ask(client, "+ignore", "many");
        Dig.Result withFallback = Dig.ask(client, "many");

        assertThat(udpOnly.hasFlag("tc")).isTrue();
        assertThat(withFallback.output()).contains("Truncated, retrying in TCP mode");
        assertThat(withFallback.data()).hasSize(100);
        assertThat(Dig.ask(client, "+tcp", "many").data()).hasSize(100);
    }

    @Test
    void forwardsToAnUpstreamOnTheContainersLoopback(NetworkNamespace client) throws Exception {
        joinClientAndWeb();
        TestUpstream upstream = upstreamInside(client, TestUpstream.Mode.ANSWER);
        attach(CLIENT, client, List.of(upstream.address()));

        Dig.Result overUdp = Dig.ask(client, "host.upstream.test");
        Dig.Result overTcp = Dig.ask(client, "+tcp", "big.upstream.test");

        assertThat(overUdp.data()).containsExactly("192.0.2.1");
        assertThat(overUdp.hasFlag("aa")).isFalse();
        assertThat(overTcp.data()).hasSize(TestUpstream.BIG_SIZE);
        assertThat(upstream.udpQueries()).isEqualTo(1);
        assertThat(upstream.tcpQueries()).isEqualTo(1);
        assertThat(dns.metrics().forwarded()).isEqualTo(2);
    }

    @Test
    void aDeadUpstreamGivesServfailWithinTheDeadline(NetworkNamespace client) throws Exception {
        joinClientAndWeb();
        TestUpstream upstream = upstreamInside(client, TestUpstream.Mode.SILENT);
        attach(CLIENT, client, List.of(upstream.address()));

        long start = System.nanoTime();
        Dig.Result result = Dig.ask(client, "+time=5", "host.upstream.test");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.status()).isEqualTo("SERVFAIL");
        // Not a speed check: both tries were waited for, and the SERVFAIL came before dig gave up (+time=5).
        assertThat(result.queryMillis()).isGreaterThanOrEqualTo(950L);
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(upstream.udpQueries()).isEqualTo(2);
    }

    @Test
    void aContainerCanBindPort53ItselfBesideTheResolver(NetworkNamespace client) throws Exception {
        joinClientAndWeb();
        attach(CLIENT, client, List.of());
        TestUpstream own = client.callInside(() -> TestUpstream.start(TestUpstream.Mode.ANSWER, ip("0.0.0.0"), 53));
        toClose.add(own);

        Dig.Result fromOwnServer = Dig.askServer(client, "127.0.0.1", "host.upstream.test");
        Dig.Result fromResolver = Dig.ask(client, "web");
        Dig.Result fromResolverOverTcp = Dig.ask(client, "+tcp", "web");

        assertThat(fromOwnServer.data()).containsExactly("192.0.2.1");
        assertThat(fromResolver.data()).containsExactly("172.30.0.2");
        assertThat(fromResolverOverTcp.data()).containsExactly("172.30.0.2");
        assertThat(own.udpQueries()).isEqualTo(1);
    }

    @Test
    void changesApplyAtOnceAndARemovedContainerIsGone(NetworkNamespace client) throws Exception {
        joinClientAndWeb();
        TestUpstream upstream = upstreamInside(client, TestUpstream.Mode.ANSWER);
        attach(CLIENT, client, List.of(upstream.address()));
        assertThat(Dig.ask(client, "shop").status()).isEqualTo("NXDOMAIN");

        records.addAlias("front", WEB, "shop");
        assertThat(Dig.ask(client, "shop").data()).containsExactly("172.30.0.2");

        records.removeContainer(WEB);
        assertThat(Dig.ask(client, "shop").status()).isEqualTo("NXDOMAIN");
        assertThat(Dig.ask(client, "web").status()).isEqualTo("NXDOMAIN");
    }

    @Test
    void detachingRemovesTheListenerAndTheRules(NetworkNamespace client) throws Exception {
        joinClientAndWeb();
        ContainerResolver resolver = dns.attach(CLIENT, client, List.of());
        String rulesWhileAttached = nftTables(client);

        resolver.close();

        assertThat(rulesWhileAttached).contains("table ip shoal-dns");
        assertThat(nftTables(client)).doesNotContain("shoal-dns");
        assertThat(dns.server().listenerCount()).isZero();
        // dig exits with 9 when no server answered (dig(1), "RETURN CODES").
        assertThatThrownBy(() -> Dig.ask(client, "+time=1", "web"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("exited with 9");
    }

    @Test
    void attachingAndDetachingLeavesNothingBehind(NetworkNamespace client) throws Exception {
        joinClientAndWeb();
        int before = dns.server().listenerCount();
        for (int i = 0; i < 20; i++) {
            dns.attach(CLIENT, client, List.of()).close();
        }
        // Their cost is measured by bench/ (docs/performance.md), not asserted here.
        assertThat(dns.server().listenerCount()).isEqualTo(before);
        assertThat(nftTables(client)).doesNotContain("shoal-dns");
    }

    private void joinClientAndWeb() {
        records.join("front", EndpointRecord.of(CLIENT, "client", ip("172.30.0.9")));
        records.join(
                "front",
                new EndpointRecord(
                        WEB, "web", Optional.empty(), Set.of("www"), List.of(ip("172.30.0.2"), ip("fd00:30::2"))));
    }

    private void attach(String containerId, NetworkNamespace namespace, List<InetSocketAddress> upstreams)
            throws IOException {
        toClose.add(dns.attach(containerId, namespace, upstreams));
    }

    private TestUpstream upstreamInside(NetworkNamespace namespace, TestUpstream.Mode mode) throws Exception {
        TestUpstream upstream = namespace.callInside(() -> TestUpstream.start(mode, ip("127.0.0.1")));
        toClose.add(upstream);
        return upstream;
    }

    private static String nftTables(NetworkNamespace namespace) throws Exception {
        return Commands.run("ip", "netns", "exec", namespace.name().orElseThrow(), "nft", "list", "tables");
    }

    private static EndpointRecord endpoint(String id, String name, Set<String> aliases, String address) {
        return new EndpointRecord(id, name, Optional.empty(), aliases, List.of(ip(address)));
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
