package io.shoal.driver.bridge.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-over's scripts: only Shoal's chain rewritten, one jump added where missing, bridges named one by one. */
class ForwardHandoverTest {
    @Test
    void renderMakesWhatIsMissingRewritesShoalsChainAndAddsTheJumpOnlyWhereMissing() {
        String script = ForwardHandover.render(List.of("br-b", "br-a", "br-a"), List.of(true, false));

        assertThat(script)
                .isEqualTo(
                        """
                        add table ip filter
                        add chain ip filter DOCKER-USER
                        add chain ip filter SHOAL-FORWARD
                        flush chain ip filter SHOAL-FORWARD
                        add rule ip filter SHOAL-FORWARD iifname "br-a" accept
                        add rule ip filter SHOAL-FORWARD oifname "br-a" accept
                        add rule ip filter SHOAL-FORWARD iifname "br-b" accept
                        add rule ip filter SHOAL-FORWARD oifname "br-b" accept
                        insert rule ip filter DOCKER-USER jump SHOAL-FORWARD
                        add table ip6 filter
                        add chain ip6 filter DOCKER-USER
                        add chain ip6 filter SHOAL-FORWARD
                        flush chain ip6 filter SHOAL-FORWARD
                        add rule ip6 filter SHOAL-FORWARD iifname "br-a" accept
                        add rule ip6 filter SHOAL-FORWARD oifname "br-a" accept
                        add rule ip6 filter SHOAL-FORWARD iifname "br-b" accept
                        add rule ip6 filter SHOAL-FORWARD oifname "br-b" accept
                        """);
    }

    @Test
    void nothingButShoalsChainIsEverFlushedOrDeleted() {
        String all = ForwardHandover.render(List.of("br-a"), List.of(true, true))
                + ForwardHandover.addBridge("br-c")
                + ForwardHandover.rewrite(List.of());

        assertThat(all.lines().filter(line -> line.startsWith("flush") || line.startsWith("delete")))
                .isNotEmpty()
                .allMatch(line -> line.endsWith(" filter SHOAL-FORWARD"));
        assertThat(all.lines().filter(line -> line.contains("DOCKER-USER") && !line.startsWith("add chain")))
                .containsExactly(
                        "insert rule ip filter DOCKER-USER jump SHOAL-FORWARD",
                        "insert rule ip6 filter DOCKER-USER jump SHOAL-FORWARD");
    }

    @Test
    void addAndRewriteNameEachBridgeInBothFamilies() {
        assertThat(ForwardHandover.addBridge("br-c"))
                .isEqualTo(
                        """
                        add rule ip filter SHOAL-FORWARD iifname "br-c" accept
                        add rule ip filter SHOAL-FORWARD oifname "br-c" accept
                        add rule ip6 filter SHOAL-FORWARD iifname "br-c" accept
                        add rule ip6 filter SHOAL-FORWARD oifname "br-c" accept
                        """);
        assertThat(ForwardHandover.rewrite(List.of("br-d")))
                .isEqualTo(
                        """
                        flush chain ip filter SHOAL-FORWARD
                        add rule ip filter SHOAL-FORWARD iifname "br-d" accept
                        add rule ip filter SHOAL-FORWARD oifname "br-d" accept
                        flush chain ip6 filter SHOAL-FORWARD
                        add rule ip6 filter SHOAL-FORWARD iifname "br-d" accept
                        add rule ip6 filter SHOAL-FORWARD oifname "br-d" accept
                        """);
    }

    @Test
    void theJumpIsRecognisedInDockerUsersListingOnly() {
        String listing =
                """
                table ip filter {
                	chain DOCKER-USER {
                		jump SHOAL-FORWARD
                		counter packets 0 bytes 0 return
                	}
                }
                """;

        assertThat(ForwardHandover.jumps(listing)).isTrue();
        assertThat(ForwardHandover.jumps(listing.replace("jump SHOAL-FORWARD", "jump SHOAL-FORWARD-X")))
                .isFalse();
        assertThat(ForwardHandover.jumps("table ip filter {\n\tchain DOCKER-USER {\n\t}\n}\n"))
                .isFalse();
    }
}
