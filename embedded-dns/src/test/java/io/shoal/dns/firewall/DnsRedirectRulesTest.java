package io.shoal.dns.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DnsRedirectRulesTest {
    @Test
    void rulesetMatchesTheGoldenFile() throws IOException {
        Inet4Address embedded = (Inet4Address) InetAddress.getByName("127.0.0.11");

        assertThat(DnsRedirectRules.ruleset(embedded, 41001, 41002)).isEqualTo(golden("redirect.nft"));
    }

    @Test
    void removalDeletesOnlyShoalsTableAndToleratesItsAbsence() {
        assertThat(DnsRedirectRules.removal()).isEqualTo("add table ip shoal-dns\ndelete table ip shoal-dns\n");
    }

    @Test
    void portsOutsideTheRangeAreRefused() throws IOException {
        Inet4Address embedded = (Inet4Address) InetAddress.getByName("127.0.0.11");

        assertThatThrownBy(() -> DnsRedirectRules.ruleset(embedded, 0, 53))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port 0 is outside 1..65535");
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = DnsRedirectRulesTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
