package io.shoal.driver.bridge.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.spi.PortBinding.Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The rendered ruleset against golden files in src/test/resources/firewall. To update one after a deliberate
 * change, run with -Dshoal.golden.update=true and review the diff.
 */
class NftablesRulesetTest {
    static NetworkRules web() {
        return new NetworkRules(
                "0123456789ab",
                "br-web",
                List.of(IpPrefix.parse("10.1.0.0/24"), IpPrefix.parse("fd00:1::/64")),
                true,
                true,
                false,
                List.of(
                        new PublishedPort(Protocol.TCP, Optional.empty(), 8080, IpAddresses.parse("10.1.0.2"), 80),
                        new PublishedPort(
                                Protocol.UDP,
                                Optional.of(IpAddresses.parse("192.0.2.1")),
                                5353,
                                IpAddresses.parse("10.1.0.3"),
                                53),
                        new PublishedPort(Protocol.TCP, Optional.empty(), 8080, IpAddresses.parse("fd00:1::2"), 80),
                        new PublishedPort(
                                Protocol.TCP,
                                Optional.of(IpAddresses.parse("127.0.0.1")),
                                8081,
                                IpAddresses.parse("10.1.0.2"),
                                80),
                        new PublishedPort(Protocol.SCTP, Optional.empty(), 9000, IpAddresses.parse("10.1.0.3"), 9000)));
    }

    static NetworkRules quiet() {
        return new NetworkRules(
                "1123456789ab", "br-quiet", List.of(IpPrefix.parse("10.2.0.0/24")), false, false, false, List.of());
    }

    static NetworkRules backend() {
        return new NetworkRules(
                "2123456789ab", "br-backend", List.of(IpPrefix.parse("10.3.0.0/24")), true, true, true, List.of());
    }

    @Test
    void noNetworksLeavesBaseChainsOnly() throws IOException {
        assertGolden("empty.nft", NftablesRuleset.render(List.of()));
    }

    @Test
    void publishedPortsMasqueradeAndHairpin() throws IOException {
        assertGolden("web.nft", NftablesRuleset.render(List.of(web())));
    }

    @Test
    void iccOffInternalAndSeveralNetworksSortedByBridge() throws IOException {
        assertGolden("three-networks.nft", NftablesRuleset.render(List.of(web(), quiet(), backend())));
    }

    @Test
    void aNewConnectionFromAShoalBridgeIntoAnotherBridgeIsDroppedAfterShoalsOwnDispatch() {
        List<String> forward = NftablesRuleset.render(List.of(web()))
                .lines()
                .map(String::strip)
                .dropWhile(line -> !line.equals("chain forward {"))
                .takeWhile(line -> !line.equals("}"))
                .toList();

        // Replies pass first, Shoal's own bridges are decided by their networks' chains, and only then is a bridge
        // of a dockerd's (docker0, br-*) refused; a published port (DNAT) of the other engine is not, nor any other
        // bridge (a host's uplink br0 keeps its egress).
        assertThat(forward)
                .containsSubsequence(
                        "ct state established,related accept",
                        "oifname vmap @to-bridge",
                        "iifname vmap @from-bridge",
                        "iifname @bridges oifname \"docker0\" ct status ! dnat drop",
                        "iifname @bridges oifname \"br-*\" oifname != @bridges ct status ! dnat drop")
                .last()
                .asString()
                .endsWith("drop");
    }

    @Test
    void internalNetworkPublishesNothing() {
        String rules = NftablesRuleset.render(List.of(backend().withPublished(web().published())));
        assertThat(rules).doesNotContain("dnat ip to").doesNotContain("10.1.0.2");
    }

    @Test
    void aLoopbackPortIsTranslatedOnlyForTheHostsOwnConnections() {
        String rules = NftablesRuleset.render(List.of(web()));
        String loopbackDnat = "ip daddr 127.0.0.1 tcp dport 8081 dnat ip to 10.1.0.2:80";
        assertThat(chain(rules, "published-loopback")).contains(loopbackDnat);
        assertThat(chain(rules, "published")).doesNotContain("127.0.0.1");
        assertThat(chain(rules, "prerouting"))
                .doesNotContain("published-loopback")
                .contains("ip daddr 127.0.0.0/8 return")
                .contains("ip6 daddr ::1 return");
        assertThat(chain(rules, "output")).contains("jump published-loopback");
        assertThat(chain(rules, "raw-prerouting"))
                .contains("iifname @bridges ip daddr 127.0.0.0/8 drop")
                .contains("iifname @bridges ip saddr 127.0.0.0/8 drop");
    }

    @Test
    void onlyTheHairpinFlowOfEachPublishedPortIsMasqueraded() {
        String hairpin = chain(NftablesRuleset.render(List.of(web())), "hairpin");
        assertThat(hairpin.lines().map(String::strip).toList())
                .containsExactly(
                        "ip saddr 10.1.0.2 ip daddr 10.1.0.2 tcp dport 80 masquerade",
                        "ip saddr 10.1.0.3 ip daddr 10.1.0.3 udp dport 53 masquerade",
                        "ip6 saddr fd00:1::2 ip6 daddr fd00:1::2 tcp dport 80 masquerade",
                        "ip saddr 10.1.0.3 ip daddr 10.1.0.3 sctp dport 9000 masquerade");
    }

    /** The body of one chain of a rendered table. */
    private static String chain(String rules, String name) {
        int start = rules.indexOf("  chain " + name + " {\n");
        assertThat(start).as("chain %s", name).isNotNegative();
        int body = rules.indexOf('\n', start) + 1;
        return rules.substring(body, rules.indexOf("  }\n", body));
    }

    @Test
    void addingANetworkOnlyAdds() throws IOException {
        String script = NftablesRuleset.addNetwork(web());
        assertThat(script).doesNotContain("delete").doesNotContain("flush");
        assertGolden("add-web.nft", script);
    }

    @Test
    void removingANetworkDeletesItsChainsAndOnlyItsOwnElements() throws IOException {
        assertGolden("remove-web.nft", NftablesRuleset.removeNetwork(web(), true));
        assertThat(NftablesRuleset.removeNetwork(web(), false)).doesNotContain("element");
    }

    @Test
    void publishedPortsAreReplacedTogether() throws IOException {
        assertGolden("published.nft", NftablesRuleset.published(List.of(web(), quiet())));
    }

    @Test
    void refusesNamesThatWouldInjectRules() {
        assertThatThrownBy(() -> new NetworkRules("3", "br\" accept", List.of(), true, true, false, List.of()))
                .hasMessageContaining("not a usable bridge name");
    }

    /**
     * Compares with the golden file in the source tree (not the copy under target/, which an update would leave
     * stale); with -Dshoal.golden.update=true writes {@code actual} there first, so the update writes exactly what is
     * compared.
     */
    static void assertGolden(String name, String actual) throws IOException {
        Path golden = goldenDirectory().resolve(name);
        if (Boolean.getBoolean("shoal.golden.update")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden file firewall/%s", name).exists();
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    /** src/test/resources/firewall of this module, wherever Maven was started (surefire sets basedir). */
    private static Path goldenDirectory() {
        return Path.of(System.getProperty("basedir", ".")).resolve("src/test/resources/firewall");
    }
}
