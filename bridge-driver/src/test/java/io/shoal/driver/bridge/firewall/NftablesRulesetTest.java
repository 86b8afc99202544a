package io.shoal.driver.bridge.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.spi.PortBinding.Protocol;
import io.shoal.spi.net.IpPrefix;
import java.io.IOException;
import java.io.InputStream;
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
                        new PublishedPort(Protocol.TCP, Optional.empty(), 8080, IpPrefix.parseAddress("10.1.0.2"), 80),
                        new PublishedPort(
                                Protocol.UDP,
                                Optional.of(IpPrefix.parseAddress("192.0.2.1")),
                                5353,
                                IpPrefix.parseAddress("10.1.0.3"),
                                53),
                        new PublishedPort(
                                Protocol.TCP, Optional.empty(), 8080, IpPrefix.parseAddress("fd00:1::2"), 80)));
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
    void internalNetworkPublishesNothing() {
        String rules = NftablesRuleset.render(List.of(backend().withPublished(web().published())));
        assertThat(rules).doesNotContain("dnat ip to").doesNotContain("masquerade");
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

    static void assertGolden(String name, String actual) throws IOException {
        if (Boolean.getBoolean("shoal.golden.update")) {
            Files.writeString(Path.of("src/test/resources/firewall", name), actual);
        }
        try (InputStream in = NftablesRulesetTest.class.getResourceAsStream("/firewall/" + name)) {
            assertThat(in).as("golden file firewall/%s", name).isNotNull();
            assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
