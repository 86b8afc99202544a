package io.shoal.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.netlink.testing.NetnsExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("netns")
@ExtendWith(NetnsExtension.class)
class NftablesKernelTest {
    @Test
    void appliesAScriptInItsNamespaceOnly(NetworkNamespace a, NetworkNamespace b) throws Exception {
        try (Nftables inA = Nftables.in(a);
                Nftables inB = Nftables.in(b)) {
            inA.apply(
                    """
                    table inet shoaltest {
                      chain c {
                        type filter hook input priority 0; policy accept;
                        tcp dport 9 drop
                      }
                    }
                    """);
            assertThat(inA.list("list table inet shoaltest")).contains("tcp dport 9 drop");
            assertThatThrownBy(() -> inB.list("list table inet shoaltest"))
                    .isInstanceOf(NftablesException.class)
                    .hasMessageContaining("No such file or directory");
        }
    }

    @Test
    void aBadScriptChangesNothingAndSaysWhy(NetworkNamespace a) throws Exception {
        try (Nftables nft = Nftables.in(a)) {
            nft.apply("table inet shoaltest {\n}\n");
            assertThatThrownBy(() -> nft.apply("add chain inet shoaltest good\nadd rule inet shoaltest missing drop\n"))
                    .isInstanceOf(NftablesException.class)
                    .hasMessageStartingWith("nft network namespace")
                    .hasMessageContaining("missing");
            assertThat(nft.list("list table inet shoaltest")).doesNotContain("good");
        }
    }
}
