package io.shoal.driver.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.netlink.KernelException;
import io.shoal.netlink.Link;
import io.shoal.netlink.LinkOptions;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.testing.Netns;
import io.shoal.netlink.testing.NetnsExtension;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Which links a start's sweep removes, on the real kernel: only Shoal's marked ones that nothing stored owns. */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class MarkedLinksKernelTest {
    private static final String STORED = "a".repeat(64);
    private static final String GONE = "b".repeat(64);

    private NetlinkHandle host;

    @BeforeEach
    void open(@Netns("host") NetworkNamespace namespace) throws KernelException {
        host = NetlinkHandle.openIn(namespace);
    }

    @AfterEach
    void close() throws KernelException {
        host.close();
    }

    @Test
    void removesMarkedOrphansAndTheirShoalPortsOnly() throws Exception {
        bridge("br-aaaaaaaaaaaa", BridgeMark.of(STORED));
        veth("veth0000000000a", "br-aaaaaaaaaaaa"); // a stored endpoint's
        veth("veth0000000000b", "br-aaaaaaaaaaaa"); // no record: orphan
        veth("vethdock", "br-aaaaaaaaaaaa"); // another name on Shoal's bridge: not Shoal's
        bridge("br-bbbbbbbbbbbb", BridgeMark.of(GONE));
        veth("veth0000000000c", "br-bbbbbbbbbbbb");
        bridge("br-cccccccccccc", ""); // named like Shoal's, unmarked (a dockerd's)
        veth("veth0000000000d", "br-cccccccccccc");
        bridge("userbr", "someone:" + GONE);
        bridge("shoal0", BridgeMark.of(GONE)); // left by an earlier data root, adopted by a stored network
        host.linkAdd(new LinkSpec.Veth(
                LinkOptions.named("veth0000000000e"), LinkOptions.named("peer-e"), OptionalInt.empty()));

        List<String> removed = new MarkedLinks(host)
                .removeOrphans(Set.of(STORED), Set.of("br-aaaaaaaaaaaa", "shoal0"), Set.of("veth0000000000a"));

        assertThat(removed).containsExactlyInAnyOrder("veth0000000000b", "veth0000000000c", "br-bbbbbbbbbbbb");
        assertThat(host.linkList())
                .extracting(Link::name)
                .contains(
                        "br-aaaaaaaaaaaa",
                        "veth0000000000a",
                        "vethdock",
                        "br-cccccccccccc",
                        "veth0000000000d",
                        "userbr",
                        "shoal0",
                        "veth0000000000e",
                        "peer-e")
                .doesNotContain("veth0000000000b", "veth0000000000c", "br-bbbbbbbbbbbb");
    }

    @Test
    void aSecondSweepFindsNothing() throws Exception {
        bridge("br-bbbbbbbbbbbb", BridgeMark.of(GONE));
        MarkedLinks sweep = new MarkedLinks(host);

        assertThat(sweep.removeOrphans(Set.of(), Set.of(), Set.of())).containsExactly("br-bbbbbbbbbbbb");
        assertThat(sweep.removeOrphans(Set.of(), Set.of(), Set.of())).isEmpty();
    }

    private void bridge(String name, String alias) throws KernelException {
        host.linkAdd(new LinkSpec.Bridge(LinkOptions.named(name)));
        if (!alias.isEmpty()) {
            host.linkSetAlias(name, alias);
        }
    }

    private void veth(String name, String bridge) throws KernelException {
        host.linkAdd(new LinkSpec.Veth(
                LinkOptions.named(name).withMaster(bridge),
                LinkOptions.named("p" + name.substring(4)),
                OptionalInt.empty()));
    }
}
