package io.shoal.dns.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

class RecordRegistryTest {
    private static final String WEB_ID = "4f8e3a1b2c9d0e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f";
    private static final String CLIENT_ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private final RecordRegistry registry = new RecordRegistry();

    @Test
    void everyNameOfAnEndpointResolvesToItsAddresses() {
        joinWebAndClient("frontend");

        for (String name : List.of("web", WEB_ID.substring(0, 12), "web-host", "www", "static")) {
            assertThat(lookup(CLIENT_ID, name, Type.A)).as(name).isEqualTo(addresses("172.18.0.2"));
            assertThat(lookup(CLIENT_ID, name, Type.AAAA)).as(name).isEqualTo(addresses("fd00::2"));
        }
    }

    @Test
    void aFullIdResolvesWhenItFitsOneLabel() {
        String shortEnough = "c0ffee";
        registry.join("net", EndpointRecord.of(shortEnough, "cafe", ip("10.0.0.5")));
        registry.join("net", EndpointRecord.of(CLIENT_ID, "client", ip("10.0.0.3")));

        assertThat(lookup(CLIENT_ID, "c0ffee", Type.A)).isEqualTo(addresses("10.0.0.5"));
        // 64 hex digits exceed the 63-octet label limit: no query can carry them as one name.
        assertThat(new EndpointRecord(CLIENT_ID, "client", Optional.empty(), Set.of(), List.of()).names())
                .containsExactly("client", CLIENT_ID.substring(0, 12));
    }

    @Test
    void namesAreCaseInsensitiveWithOrWithoutTrailingDotAndNetworkQualified() {
        joinWebAndClient("frontend");

        assertThat(lookup(CLIENT_ID, "WeB", Type.A)).isEqualTo(addresses("172.18.0.2"));
        assertThat(lookup(CLIENT_ID, "web.", Type.A)).isEqualTo(addresses("172.18.0.2"));
        assertThat(lookup(CLIENT_ID, "WWW.Frontend.", Type.A)).isEqualTo(addresses("172.18.0.2"));
        assertThat(lookup(CLIENT_ID, "web.backend", Type.A)).isInstanceOf(LookupResult.NotFound.class);
    }

    @Test
    void knownNameWithoutRecordsOfTheTypeIsNoDataAndUnknownNameIsNotFound() {
        registry.join("frontend", EndpointRecord.of(WEB_ID, "web", ip("172.18.0.2")));
        registry.join("frontend", EndpointRecord.of(CLIENT_ID, "client", ip("172.18.0.3")));

        assertThat(lookup(CLIENT_ID, "web", Type.AAAA)).isInstanceOf(LookupResult.NoData.class);
        assertThat(lookup(CLIENT_ID, "web", Type.MX)).isInstanceOf(LookupResult.NoData.class);
        assertThat(lookup(CLIENT_ID, "web", Type.SRV)).isInstanceOf(LookupResult.NoData.class);
        assertThat(lookup(CLIENT_ID, "web", Type.TXT)).isInstanceOf(LookupResult.NoData.class);
        assertThat(lookup(CLIENT_ID, "nosuch", Type.A)).isInstanceOf(LookupResult.NotFound.class);
        assertThat(lookup(CLIENT_ID, "example.com", Type.A)).isInstanceOf(LookupResult.NotFound.class);
    }

    @Test
    void anyAnswersWithBothFamilies() {
        joinWebAndClient("frontend");

        assertThat(lookup(CLIENT_ID, "web", Type.ANY)).isEqualTo(addresses("172.18.0.2", "fd00::2"));
    }

    @Test
    void everyAddressPointsBackToTheContainerName() throws Exception {
        joinWebAndClient("frontend");

        LookupResult expected = new LookupResult.Pointers(List.of(Name.fromString("web.")));
        assertThat(registry.lookup(CLIENT_ID, ReverseMap.fromAddress("172.18.0.2"), Type.PTR))
                .isEqualTo(expected);
        assertThat(registry.lookup(CLIENT_ID, ReverseMap.fromAddress("fd00::2"), Type.PTR))
                .isEqualTo(expected);
        assertThat(registry.lookup(CLIENT_ID, ReverseMap.fromAddress("172.18.0.2"), Type.TXT))
                .isInstanceOf(LookupResult.NoData.class);
        assertThat(registry.lookup(CLIENT_ID, ReverseMap.fromAddress("172.18.0.9"), Type.PTR))
                .isInstanceOf(LookupResult.NotFound.class);
        assertThat(registry.lookup(CLIENT_ID, Name.fromString("18.172.in-addr.arpa."), Type.PTR))
                .isInstanceOf(LookupResult.NotFound.class);
    }

    @Test
    void aContainerSeesOnlyTheNetworksItIsOn() throws Exception {
        registry.join("frontend", EndpointRecord.of(WEB_ID, "web", ip("172.18.0.2")));
        registry.join("backend", EndpointRecord.of(CLIENT_ID, "client", ip("172.19.0.3")));

        assertThat(lookup(CLIENT_ID, "web", Type.A)).isInstanceOf(LookupResult.NotFound.class);
        assertThat(registry.lookup(CLIENT_ID, ReverseMap.fromAddress("172.18.0.2"), Type.PTR))
                .isInstanceOf(LookupResult.NotFound.class);
        assertThat(lookup("stranger", "web", Type.A)).isInstanceOf(LookupResult.NotFound.class);
    }

    @Test
    void oneAliasOnTwoNetworksResolvesPerNetwork() {
        String dbOnFront = id('1');
        String dbOnBack = id('2');
        String frontClient = id('3');
        String backClient = id('4');
        String bothClient = id('5');
        registry.join("front", endpoint(dbOnFront, "db-a", Set.of("db"), "10.1.0.2"));
        registry.join("back", endpoint(dbOnBack, "db-b", Set.of("db"), "10.2.0.2"));
        registry.join("front", EndpointRecord.of(frontClient, "fc", ip("10.1.0.3")));
        registry.join("back", EndpointRecord.of(backClient, "bc", ip("10.2.0.3")));
        registry.join("front", EndpointRecord.of(bothClient, "both", ip("10.1.0.4")));
        registry.join("back", EndpointRecord.of(bothClient, "both", ip("10.2.0.4")));

        assertThat(lookup(frontClient, "db", Type.A)).isEqualTo(addresses("10.1.0.2"));
        assertThat(lookup(backClient, "db", Type.A)).isEqualTo(addresses("10.2.0.2"));
        assertThat(((LookupResult.Addresses) lookup(bothClient, "db", Type.A)).addresses())
                .containsExactlyInAnyOrder(ip("10.1.0.2"), ip("10.2.0.2"));
        assertThat(lookup(bothClient, "db.back", Type.A)).isEqualTo(addresses("10.2.0.2"));
        assertThat(registry.networksOf(bothClient)).containsExactly("back", "front");
    }

    @Test
    void successiveAnswersPutEachRecordFirstEquallyOften() {
        String client = id('9');
        registry.join("net", EndpointRecord.of(client, "client", ip("10.0.0.9")));
        for (int i = 1; i <= 3; i++) {
            registry.join("net", endpoint(id((char) ('0' + i)), "api-" + i, Set.of("api"), "10.0.0." + i));
        }

        Map<InetAddress, Integer> firsts = new HashMap<>();
        for (int query = 0; query < 30; query++) {
            List<InetAddress> answer = ((LookupResult.Addresses) lookup(client, "api", Type.A)).addresses();
            assertThat(answer).containsExactlyInAnyOrder(ip("10.0.0.1"), ip("10.0.0.2"), ip("10.0.0.3"));
            firsts.merge(answer.get(0), 1, Integer::sum);
        }

        assertThat(firsts)
                .containsOnly(
                        Map.entry(ip("10.0.0.1"), 10), Map.entry(ip("10.0.0.2"), 10), Map.entry(ip("10.0.0.3"), 10));
    }

    @Test
    void rotationOfOneTypeDoesNotStepTheOther() {
        String client = id('9');
        registry.join("net", EndpointRecord.of(client, "client", ip("10.0.0.9")));
        registry.join("net", endpoint(id('1'), "a1", Set.of("api"), "10.0.0.1", "fd00::1"));
        registry.join("net", endpoint(id('2'), "a2", Set.of("api"), "10.0.0.2", "fd00::2"));

        List<InetAddress> firstA = List.of(
                first(lookup(client, "api", Type.A)),
                first(lookup(client, "api", Type.AAAA)),
                first(lookup(client, "api", Type.A)),
                first(lookup(client, "api", Type.AAAA)));

        assertThat(firstA).containsExactly(ip("10.0.0.1"), ip("fd00::1"), ip("10.0.0.2"), ip("fd00::2"));
    }

    @Test
    void rotationContinuesAcrossAnUnrelatedJoin() {
        String client = id('9');
        registry.join("net", EndpointRecord.of(client, "client", ip("10.0.0.9")));
        registry.join("net", endpoint(id('1'), "a1", Set.of("api"), "10.0.0.1"));
        registry.join("net", endpoint(id('2'), "a2", Set.of("api"), "10.0.0.2"));

        InetAddress before = first(lookup(client, "api", Type.A));
        registry.join("net", EndpointRecord.of(id('3'), "other", ip("10.0.0.3")));
        InetAddress after = first(lookup(client, "api", Type.A));

        assertThat(List.of(before, after)).containsExactly(ip("10.0.0.1"), ip("10.0.0.2"));
    }

    @Test
    void changesApplyAtOnce() {
        joinWebAndClient("frontend");

        registry.addAlias("frontend", WEB_ID, "shop");
        assertThat(lookup(CLIENT_ID, "shop", Type.A)).isEqualTo(addresses("172.18.0.2"));
        registry.removeAlias("frontend", WEB_ID, "shop");
        assertThat(lookup(CLIENT_ID, "shop", Type.A)).isInstanceOf(LookupResult.NotFound.class);
        registry.leave("frontend", WEB_ID);
        assertThat(lookup(CLIENT_ID, "web", Type.A)).isInstanceOf(LookupResult.NotFound.class);
        assertThat(lookup(CLIENT_ID, "www", Type.A)).isInstanceOf(LookupResult.NotFound.class);
    }

    @Test
    void aRemovedContainerIsGoneFromEveryNetwork() {
        registry.join("front", EndpointRecord.of(WEB_ID, "web", ip("10.1.0.2")));
        registry.join("back", EndpointRecord.of(WEB_ID, "web", ip("10.2.0.2")));
        registry.join("front", EndpointRecord.of(CLIENT_ID, "client", ip("10.1.0.3")));

        assertThat(registry.removeContainer(WEB_ID)).containsExactlyInAnyOrder("front", "back");

        assertThat(lookup(CLIENT_ID, "web", Type.A)).isInstanceOf(LookupResult.NotFound.class);
        assertThat(registry.network("back")).isEmpty();
        assertThat(registry.networksOf(WEB_ID)).isEmpty();
    }

    @Test
    void updatesNamingMissingOrDuplicateEndpointsFail() {
        registry.join("front", EndpointRecord.of(WEB_ID, "web", ip("10.1.0.2")));

        assertThatThrownBy(() -> registry.join("front", EndpointRecord.of(WEB_ID, "web", ip("10.1.0.9"))))
                .isInstanceOf(EndpointExistsException.class)
                .hasMessageContaining("front")
                .hasMessageContaining(WEB_ID);
        assertThatThrownBy(() -> registry.leave("back", WEB_ID))
                .isInstanceOf(NoSuchEndpointException.class)
                .hasMessage("leave: container " + WEB_ID + " has no endpoint on network back");
        assertThatThrownBy(() -> registry.addAlias("front", CLIENT_ID, "x"))
                .isInstanceOf(NoSuchEndpointException.class);
    }

    @Test
    void aLookupDuringUpdatesSeesWholeSnapshots() throws Exception {
        registry.join("net", EndpointRecord.of(CLIENT_ID, "client", ip("10.0.0.9")));
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 2_000; i++) {
                registry.join("net", endpoint(WEB_ID, "web", Set.of("api"), "10.0.0.1", "fd00::1"));
                registry.removeContainer(WEB_ID);
            }
        });
        writer.start();
        while (writer.isAlive()) {
            LookupResult result = lookup(CLIENT_ID, "api", Type.ANY);
            if (result instanceof LookupResult.Addresses found) {
                assertThat(found.addresses()).hasSize(2);
            } else {
                assertThat(result).isInstanceOf(LookupResult.NotFound.class);
            }
        }
        writer.join();
    }

    private void joinWebAndClient(String network) {
        registry.join(
                network,
                new EndpointRecord(
                        WEB_ID,
                        "web",
                        Optional.of("web-host"),
                        Set.of("www", "static"),
                        List.of(ip("172.18.0.2"), ip("fd00::2"))));
        registry.join(network, EndpointRecord.of(CLIENT_ID, "client", ip("172.18.0.3")));
    }

    private LookupResult lookup(String requester, String name, int type) {
        return registry.lookup(requester, name(name), type);
    }

    static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static InetAddress first(LookupResult result) {
        return ((LookupResult.Addresses) result).addresses().get(0);
    }

    private static EndpointRecord endpoint(String id, String name, Set<String> aliases, String... addresses) {
        return new EndpointRecord(
                id,
                name,
                Optional.empty(),
                aliases,
                java.util.Arrays.stream(addresses).map(RecordRegistryTest::ip).toList());
    }

    private static LookupResult addresses(String... addresses) {
        return new LookupResult.Addresses(
                java.util.Arrays.stream(addresses).map(RecordRegistryTest::ip).toList());
    }

    private static String id(char digit) {
        return String.valueOf(digit).repeat(64);
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
