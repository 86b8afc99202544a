package io.shoal.engine.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.dns.placement.EmbeddedDns;
import io.shoal.dns.records.LookupResult;
import io.shoal.dns.records.RecordRegistry;
import io.shoal.dns.server.ResolverSettings;
import io.shoal.engine.dns.DnsEntry;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/** The name service's records, read back through the registry's own lookups (no namespace, no root). */
class EmbeddedDnsNameServiceTest {
    private static final String CLIENT = "c1".repeat(32);
    private static final String WEB = "3eb0".repeat(16);

    private final EmbeddedDns dns =
            EmbeddedDns.start(ResolverSettings.defaults().withEventLoopThreads(1));
    private final EmbeddedDnsNameService names = new EmbeddedDnsNameService(dns);
    private final RecordRegistry records = dns.records();

    @AfterEach
    void stop() {
        names.detachAll();
        dns.close();
    }

    @Test
    void publishedEntriesResolveUnderEveryNameAndWithdrawnOnesDoNot() throws Exception {
        names.defineNetwork("front", List.of(IpPrefix.parse("172.30.0.0/16")), true);
        assertThat(names.publish("front", entry(CLIENT, "client", List.of(), "172.30.0.2")))
                .isEmpty();
        assertThat(names.publish(
                        "front",
                        new DnsEntry(
                                WEB,
                                "web",
                                Optional.of("web-host"),
                                List.of("www", "shop", "www"),
                                List.of(ip("172.30.0.3"), ip("fd00:30::3")))))
                .isEmpty();

        for (String name : List.of("web", "web-host", "www", "shop", WEB.substring(0, 12), "web.front")) {
            assertThat(a(name)).as(name).containsExactly(ip("172.30.0.3"));
        }
        assertThat(lookup("www", Type.AAAA)).isEqualTo(new LookupResult.Addresses(List.of(ip("fd00:30::3"))));

        names.withdraw("front", WEB);
        names.withdraw("front", WEB); // again: nothing happens
        assertThat(lookup("web", Type.A)).isInstanceOf(LookupResult.NotFound.class);
        // An owned subnet's unknown address is answered here: NXDOMAIN rather than forwarded.
        assertThat(records.lookup(CLIENT, ReverseMap.fromAddress("172.30.0.3"), Type.PTR))
                .isInstanceOf(LookupResult.NameError.class);
    }

    @Test
    void publishingAgainReplacesTheEntry() throws Exception {
        names.publish("front", entry(CLIENT, "client", List.of(), "172.30.0.2"));
        names.publish("front", entry(WEB, "web", List.of("old"), "172.30.0.3"));
        names.publish("front", entry(WEB, "web", List.of("new"), "172.30.0.4"));

        assertThat(a("web")).containsExactly(ip("172.30.0.4"));
        assertThat(a("new")).containsExactly(ip("172.30.0.4"));
        assertThat(lookup("old", Type.A)).isInstanceOf(LookupResult.NotFound.class);
    }

    @Test
    void namesThatCannotBeDnsNamesAreReturnedAndTheOthersResolve() throws Exception {
        names.publish("front", entry(CLIENT, "client", List.of(), "172.30.0.2"));
        List<String> leftOut =
                names.publish("front", entry(WEB, "web", List.of("has space", "ok-alias"), "172.30.0.3"));

        assertThat(leftOut).containsExactly("has space");
        assertThat(a("ok-alias")).containsExactly(ip("172.30.0.3"));
    }

    @Test
    void aForwardedNetworkSendsUnknownReverseNamesUpstream() throws Exception {
        names.defineNetwork("lan", List.of(IpPrefix.parse("192.168.77.0/24")), false);
        names.publish("lan", entry(CLIENT, "client", List.of(), "192.168.77.2"));

        assertThat(records.lookup(CLIENT, ReverseMap.fromAddress("192.168.77.50"), Type.PTR))
                .isInstanceOf(LookupResult.NotFound.class);
    }

    @Test
    void removingANetworkTakesItsRecordsAlong() throws Exception {
        names.defineNetwork("front", List.of(IpPrefix.parse("172.30.0.0/16")), true);
        names.publish("front", entry(CLIENT, "client", List.of(), "172.30.0.2"));
        names.publish("front", entry(WEB, "web", List.of(), "172.30.0.3"));

        names.removeNetwork("front");

        assertThat(records.network("front").map(n -> n.size()).orElse(0)).isZero();
        assertThat(records.networksOf(CLIENT)).isEmpty();
        names.removeNetwork("front"); // again: nothing happens
        names.detachResolver(CLIENT); // never attached: nothing happens
    }

    private List<InetAddress> a(String name) throws Exception {
        LookupResult result = lookup(name, Type.A);
        assertThat(result).as(name).isInstanceOf(LookupResult.Addresses.class);
        return ((LookupResult.Addresses) result).addresses();
    }

    private LookupResult lookup(String name, int type) throws Exception {
        return records.lookup(CLIENT, Name.fromString(name + "."), type);
    }

    private static DnsEntry entry(String id, String name, List<String> aliases, String address) {
        return new DnsEntry(id, name, Optional.empty(), aliases, List.of(ip(address)));
    }

    private static InetAddress ip(String text) {
        return IpAddresses.parse(text);
    }
}
