package io.shoal.dns.records;

import static io.shoal.dns.records.RecordRegistryTest.ip;
import static io.shoal.dns.records.RecordRegistryTest.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/** Issue 9, item 10: a name that cannot be a DNS name is left out with a warning, and every other name resolves. */
class BadNamesTest {
    private static final String WEB = "4f8e3a1b2c9d0e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f";
    private static final String CLIENT = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private final RecordRegistry registry = new RecordRegistry();

    @Test
    void aNetworkNameOfSixtyFourOctetsLeavesOnlyTheQualifiedNamesOut() {
        String network = "n".repeat(64);

        Registration web = registry.join(network, endpoint(WEB, "web", Optional.of("web-host"), Set.of("www")));
        Registration client = registry.join(network, EndpointRecord.of(CLIENT, "client", ip("172.18.0.3")));

        for (String visible : List.of("web", "web-host", "www", WEB.substring(0, 12))) {
            assertThat(lookup(CLIENT, visible, Type.A)).as(visible).isEqualTo(address("172.18.0.2"));
        }
        assertThat(lookup(WEB, "client", Type.A)).isEqualTo(address("172.18.0.3"));
        assertThat(registry.lookup(CLIENT, ReverseMap.fromAddress(ip("172.18.0.2")), Type.PTR))
                .isEqualTo(new LookupResult.Pointers(List.of(name("web."))));
        assertThat(List.of(web, client)).allSatisfy(registration -> assertThat(registration.leftOut())
                .singleElement()
                .satisfies(leftOut -> {
                    assertThat(leftOut.field()).isEqualTo("network name");
                    assertThat(leftOut.text()).isEqualTo(network);
                    assertThat(leftOut.toString()).contains("64 octets", "at most 63");
                }));
    }

    /** One bad name of each field, of each kind: the rest of the endpoint keeps resolving. */
    static Stream<Arguments> badNames() {
        List<String> bad = List.of(
                "x".repeat(64), // a label longer than 63 octets
                "a..b", // an empty label
                ".web", // a leading dot
                "", // nothing at all
                ".", // only the root
                "has space",
                "slash/name",
                "back\\slash",
                "at@sign",
                "caf\u00e9", // not ASCII
                "tab\there",
                "new\nline",
                "star*",
                ("a".repeat(63) + ".").repeat(4) + "b"); // 258 octets on the wire
        return Stream.of("container name", "hostname", "alias")
                .flatMap(field -> bad.stream().map(text -> Arguments.of(field, text)));
    }

    @ParameterizedTest(name = "{0} \"{1}\"")
    @MethodSource("badNames")
    void aBadNameOfAnyFieldIsLeftOutAndTheOtherNamesResolve(String field, String text) {
        registry.join("front", EndpointRecord.of(CLIENT, "client", ip("172.18.0.3")));
        EndpointRecord web =
                switch (field) {
                    case "container name" -> endpoint(WEB, text, Optional.of("web-host"), Set.of("www"));
                    case "hostname" -> endpoint(WEB, "web", Optional.of(text), Set.of("www"));
                    default -> endpoint(WEB, "web", Optional.of("web-host"), Set.of("www", text));
                };

        Registration registration = registry.join("front", web);

        assertThat(registration.leftOut()).singleElement().satisfies(leftOut -> {
            assertThat(leftOut.field()).isEqualTo(field);
            assertThat(leftOut.text()).isEqualTo(text);
            assertThat(leftOut.reason()).isNotBlank();
        });
        for (String good : List.of("www", "www.front", WEB.substring(0, 12))) {
            assertThat(lookup(CLIENT, good, Type.A)).as(good).isEqualTo(address("172.18.0.2"));
        }
        if (!field.equals("container name")) {
            assertThat(lookup(CLIENT, "web", Type.A)).isEqualTo(address("172.18.0.2"));
        }
        assertThat(lookup(WEB, "client", Type.A)).isEqualTo(address("172.18.0.3"));
    }

    @Test
    void aContainerNameThatCannotBeADnsNamePointsBackByItsShortId() throws Exception {
        registry.join("front", EndpointRecord.of(CLIENT, "client", ip("172.18.0.3")));

        registry.join("front", EndpointRecord.of(WEB, "has space", ip("172.18.0.2")));

        assertThat(registry.lookup(CLIENT, ReverseMap.fromAddress("172.18.0.2"), Type.PTR))
                .isEqualTo(new LookupResult.Pointers(List.of(name(WEB.substring(0, 12) + "."))));
    }

    @Test
    void aQualifiedNameTooLongForDnsIsLeftOutAndTheBareNameResolves() {
        String network = ("n".repeat(63) + ".").repeat(3) + "net"; // 196 octets: valid alone
        String alias = "a".repeat(60); // valid alone; with the network 258 octets
        registry.join(network, EndpointRecord.of(CLIENT, "client", ip("172.18.0.3")));

        Registration registration = registry.join(network, endpoint(WEB, "web", Optional.empty(), Set.of(alias)));

        assertThat(lookup(CLIENT, alias, Type.A)).isEqualTo(address("172.18.0.2"));
        assertThat(lookup(CLIENT, "web." + network, Type.A)).isEqualTo(address("172.18.0.2"));
        assertThat(registration.leftOut()).singleElement().satisfies(leftOut -> {
            assertThat(leftOut.field()).isEqualTo("qualified name");
            assertThat(leftOut.text()).isEqualTo(alias + "." + network);
        });
    }

    @Test
    void aBadAliasAddedLaterIsReportedKeptInTheRecordAndRemovable() {
        registry.join("front", EndpointRecord.of(CLIENT, "client", ip("172.18.0.3")));
        registry.join("front", endpoint(WEB, "web", Optional.empty(), Set.of()));

        Registration added = registry.addAlias("front", WEB, "bad alias");
        Registration good = registry.addAlias("front", WEB, "shop");
        Registration removed = registry.removeAlias("front", WEB, "bad alias");

        assertThat(added.leftOut()).extracting(LeftOutName::text).containsExactly("bad alias");
        assertThat(good.leftOut()).extracting(LeftOutName::text).containsExactly("bad alias");
        assertThat(removed.isClean()).isTrue();
        assertThat(lookup(CLIENT, "shop", Type.A)).isEqualTo(address("172.18.0.2"));
        assertThat(registry.network("front")
                        .orElseThrow()
                        .endpoint(WEB)
                        .orElseThrow()
                        .aliases())
                .containsExactly("shop");
    }

    @Test
    void aDefinedNetworkWithABadNameIsReported() {
        Registration registration = registry.defineNetwork(NetworkDefinition.of("bad name", List.of()));

        assertThat(registration.leftOut()).extracting(LeftOutName::field).containsExactly("network name");
    }

    @Test
    void goodNamesOfEveryShapeAreClean() {
        registry.join("front", EndpointRecord.of(CLIENT, "client", ip("172.18.0.3")));

        Registration registration = registry.join(
                "front",
                endpoint(
                        WEB,
                        "My_App-1.v2",
                        Optional.of("host.example."),
                        Set.of("x".repeat(63), "-odd-", "_srv", "9lives")));

        assertThat(registration.isClean()).isTrue();
        for (String name : List.of("my_app-1.v2", "HOST.example", "x".repeat(63), "-odd-", "_srv", "9lives")) {
            assertThat(lookup(CLIENT, name, Type.A)).as(name).isEqualTo(address("172.18.0.2"));
        }
    }

    private LookupResult lookup(String requester, String text, int type) {
        return registry.lookup(requester, name(text), type);
    }

    private static EndpointRecord endpoint(String id, String name, Optional<String> hostname, Set<String> aliases) {
        return new EndpointRecord(
                id,
                name,
                hostname,
                new java.util.LinkedHashSet<>(aliases.stream().sorted().toList()),
                List.of(ip("172.18.0.2")));
    }

    private static LookupResult address(String literal) {
        return new LookupResult.Addresses(List.of(ip(literal)));
    }
}
