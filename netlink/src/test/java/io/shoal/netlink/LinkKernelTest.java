package io.shoal.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.net.IpAddresses;
import io.shoal.net.MacAddress;
import io.shoal.netlink.testing.Netns;
import io.shoal.netlink.testing.NetnsExtension;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Links against the real kernel, each test in fresh namespaces from {@link NetnsExtension}. */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class LinkKernelTest {
    private NetworkNamespace namespace;
    private NetlinkHandle handle;

    @BeforeEach
    void openHandle(@Netns("main") NetworkNamespace main) throws KernelException {
        namespace = main;
        handle = NetlinkHandle.openIn(main);
    }

    @AfterEach
    void closeHandle() throws KernelException {
        handle.close();
    }

    @Test
    void listsLoopbackOfAFreshNamespace() throws Exception {
        List<Link> links = handle.linkList();

        assertThat(links).extracting(Link::name).containsExactly("lo");
        assertThat(links.get(0).index()).isEqualTo(1);
        assertThat(links.get(0).kind()).isEmpty();
        assertThat(links).isEqualTo(List.of(handle.linkGet("lo")));
    }

    @Test
    void bridgeIsCreatedReadBackChangedAndDeleted() throws Exception {
        MacAddress mac = MacAddress.parse("02:00:00:00:aa:01");
        handle.linkAdd(new LinkSpec.Bridge(
                LinkOptions.named("shoalbr0").withMac(mac).withMtu(1400).withUp(true)));

        Link bridge = handle.linkGet("shoalbr0");
        assertThat(bridge.kind()).hasValue("bridge");
        assertThat(bridge.mac()).hasValue(mac);
        assertThat(bridge.mtu()).isEqualTo(1400);
        assertThat(bridge.isUp()).isTrue();
        assertThat(handle.linkGet(bridge.index())).isEqualTo(bridge);
        assertThat(handle.linkIndex("shoalbr0")).isEqualTo(bridge.index());

        handle.linkSetDown("shoalbr0");
        handle.linkSetMtu("shoalbr0", 1300);
        handle.linkSetMac("shoalbr0", MacAddress.parse("02:00:00:00:aa:02"));
        Link changed = handle.linkGet("shoalbr0");
        assertThat(changed.isUp()).isFalse();
        assertThat(changed.mtu()).isEqualTo(1300);
        assertThat(changed.mac()).hasValue(MacAddress.parse("02:00:00:00:aa:02"));

        JsonNode oracle =
                IpOracle.json(namespace, "-d", "link", "show", "shoalbr0").get(0);
        assertThat(oracle.get("mtu").asInt()).isEqualTo(1300);
        assertThat(oracle.get("address").asText()).isEqualTo("02:00:00:00:aa:02");
        assertThat(oracle.get("linkinfo").get("info_kind").asText()).isEqualTo("bridge");

        handle.linkDelete("shoalbr0");
        assertThat(handle.linkFind("shoalbr0")).isEmpty();
    }

    @Test
    void aliasIsSetReadBackAndCleared() throws Exception {
        handle.linkAdd(new LinkSpec.Bridge(LinkOptions.named("shoalbr1")));
        assertThat(handle.linkGet("shoalbr1").alias()).isEmpty();

        handle.linkSetAlias("shoalbr1", "shoal:0123abcd");

        assertThat(handle.linkGet("shoalbr1").alias()).hasValue("shoal:0123abcd");
        JsonNode oracle = IpOracle.json(namespace, "link", "show", "shoalbr1").get(0);
        assertThat(oracle.get("ifalias").asText()).isEqualTo("shoal:0123abcd");
        assertThat(handle.linkList())
                .filteredOn(l -> l.name().equals("shoalbr1"))
                .extracting(Link::alias)
                .containsExactly(Optional.of("shoal:0123abcd"));

        handle.linkSetAlias("shoalbr1", "");
        assertThat(handle.linkGet("shoalbr1").alias()).isEmpty();
    }

    @Test
    void vethPairInOneNamespaceNamesEachOtherAsPeer() throws Exception {
        handle.linkAdd(new LinkSpec.Veth(
                LinkOptions.named("shoal0a").withMtu(1450).withUp(true),
                LinkOptions.named("shoal0b").withMtu(1450),
                OptionalInt.empty()));

        Link a = handle.linkGet("shoal0a");
        Link b = handle.linkGet("shoal0b");
        assertThat(a.kind()).hasValue("veth");
        assertThat(a.vethPeerIndex()).hasValue(b.index());
        assertThat(b.vethPeerIndex()).hasValue(a.index());
        assertThat(a.mtu()).isEqualTo(1450);
        assertThat(b.mtu()).isEqualTo(1450);
        assertThat(a.isUp()).isTrue();
        assertThat(a.operState()).isEqualTo(OperState.LOWERLAYERDOWN);

        handle.linkSetUp("shoal0b");
        assertThat(handle.linkGet("shoal0a").hasCarrier()).isTrue();

        handle.linkDelete("shoal0a");
        assertThat(handle.linkFind("shoal0b")).isEmpty();
    }

    @Test
    void vethPeerIsCreatedDirectlyInAnotherNamespaceWithItsFinalNameAndMac(
            @Netns("container") NetworkNamespace container) throws Exception {
        handle.linkAdd(LinkSpec.Bridge.named("shoalbr0"));
        MacAddress peerMac = MacAddress.parse("02:42:ac:11:00:02");
        try (NetlinkHandle inside = NetlinkHandle.openIn(container)) {
            handle.linkAdd(new LinkSpec.Veth(
                            LinkOptions.named("shoal0a").withMaster("shoalbr0").withUp(true),
                            LinkOptions.named("eth0").withMac(peerMac),
                            OptionalInt.empty())
                    .withPeerIn(container));

            Link host = handle.linkGet("shoal0a");
            Link eth0 = inside.linkGet("eth0");
            assertThat(host.masterIndex()).hasValue(handle.linkIndex("shoalbr0"));
            assertThat(host.linkNetnsId()).isPresent();
            assertThat(host.vethPeerIndex()).hasValue(eth0.index());
            assertThat(eth0.mac()).hasValue(peerMac);
            assertThat(eth0.kind()).hasValue("veth");
            assertThat(handle.linkFind("eth0")).isEmpty();

            JsonNode oracle = IpOracle.json(container, "link", "show", "eth0").get(0);
            assertThat(oracle.get("address").asText()).isEqualTo(peerMac.toString());

            inside.linkSetDown("eth0");
            inside.linkSetName("eth0", "renamed0");
            assertThat(inside.linkGet("renamed0").index()).isEqualTo(eth0.index());

            handle.linkDelete("shoal0a");
            assertThat(inside.linkFind("renamed0")).isEmpty();
        }
    }

    @Test
    void linkMovesToAnotherNamespace(@Netns("other") NetworkNamespace other) throws Exception {
        handle.linkAdd(LinkSpec.Veth.named("shoal0a", "shoal0b"));
        try (NetlinkHandle there = NetlinkHandle.openIn(other)) {
            handle.linkSetNamespace("shoal0b", other);

            assertThat(handle.linkFind("shoal0b")).isEmpty();
            assertThat(there.linkGet("shoal0b").kind()).hasValue("veth");
        }
    }

    @Test
    void masterIsSetAndCleared() throws Exception {
        handle.linkAdd(LinkSpec.Bridge.named("shoalbr0"));
        handle.linkAdd(LinkSpec.Veth.named("shoal0a", "shoal0b"));

        handle.linkSetMaster("shoal0a", "shoalbr0");
        assertThat(handle.linkGet("shoal0a").masterIndex()).hasValue(handle.linkIndex("shoalbr0"));
        JsonNode oracle = IpOracle.json(namespace, "link", "show", "shoal0a").get(0);
        assertThat(oracle.get("master").asText()).isEqualTo("shoalbr0");

        handle.linkSetNoMaster("shoal0a");
        assertThat(handle.linkGet("shoal0a").masterIndex()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = MacvlanMode.class,
            names = {"PRIVATE", "VEPA", "BRIDGE", "PASSTHRU"})
    void macvlanInEachModeOnAVethParent(MacvlanMode mode) throws Exception {
        handle.linkAdd(LinkSpec.Veth.named("parent0", "parent0peer"));
        LinkSpec.Macvlan spec = new LinkSpec.Macvlan(LinkOptions.named("shoalmv0"), "parent0", mode);

        handle.linkAdd(spec);

        Link macvlan = handle.linkGet("shoalmv0");
        assertThat(macvlan.kind()).hasValue("macvlan");
        assertThat(macvlan.details()).isEqualTo(new Link.MacvlanDetails(mode));
        assertThat(macvlan.linkIndex()).hasValue(handle.linkIndex("parent0"));
        JsonNode info = IpOracle.json(namespace, "-d", "link", "show", "shoalmv0")
                .get(0)
                .get("linkinfo")
                .get("info_data");
        assertThat(info.get("mode").asText()).isEqualTo(mode.name().toLowerCase(java.util.Locale.ROOT));
        handle.linkDelete("shoalmv0");
        assertThat(handle.linkFind("shoalmv0")).isEmpty();
    }

    @Test
    void vxlanIpv4ReadsBackItsSettings() throws Exception {
        handle.linkAdd(LinkSpec.Veth.named("underlay0", "underlay0p"));
        LinkSpec.Vxlan spec = new LinkSpec.Vxlan(
                LinkOptions.named("shoalvx0"),
                4242,
                Optional.of(IpAddresses.parse("10.1.1.1")),
                Optional.of(IpAddresses.parse("10.1.1.2")),
                LinkSpec.Vxlan.IANA_PORT,
                Optional.of("underlay0"));

        handle.linkAdd(spec);

        Link vxlan = handle.linkGet("shoalvx0");
        assertThat(vxlan.kind()).hasValue("vxlan");
        assertThat(vxlan.details())
                .isEqualTo(new Link.VxlanDetails(
                        4242,
                        Optional.of(IpAddresses.parse("10.1.1.1")),
                        Optional.of(IpAddresses.parse("10.1.1.2")),
                        4789,
                        OptionalInt.of(handle.linkIndex("underlay0"))));
        JsonNode info = IpOracle.json(namespace, "-d", "link", "show", "shoalvx0")
                .get(0)
                .get("linkinfo")
                .get("info_data");
        assertThat(info.get("id").asInt()).isEqualTo(4242);
        assertThat(info.get("port").asInt()).isEqualTo(4789);
        assertThat(info.get("remote").asText()).isEqualTo("10.1.1.2");
        assertThat(info.get("local").asText()).isEqualTo("10.1.1.1");
        assertThat(info.get("link").asText()).isEqualTo("underlay0");
    }

    @Test
    void vxlanIpv6WithMulticastGroup() throws Exception {
        handle.linkAdd(LinkSpec.Veth.named("underlay0", "underlay0p"));
        handle.linkAdd(new LinkSpec.Vxlan(
                LinkOptions.named("shoalvx6"),
                7,
                Optional.of(IpAddresses.parse("fd00::1")),
                Optional.of(IpAddresses.parse("ff05::100")),
                8472,
                Optional.of("underlay0")));

        Link.VxlanDetails details =
                (Link.VxlanDetails) handle.linkGet("shoalvx6").details();

        assertThat(details.remote()).hasValue(IpAddresses.parse("ff05::100"));
        assertThat(details.local()).hasValue(IpAddresses.parse("fd00::1"));
        assertThat(details.port()).isEqualTo(8472);
    }

    @Test
    void dummyWhereTheKernelHasIt() throws Exception {
        LinkSpec.Dummy spec = new LinkSpec.Dummy(LinkOptions.named("shoaldm0").withUp(true));
        LinkKinds.assumeSupported(spec);

        handle.linkAdd(spec);

        assertThat(handle.linkGet("shoaldm0").kind()).hasValue("dummy");
        handle.linkDelete("shoaldm0");
    }

    @Test
    void vlanWhereTheKernelHasIt() throws Exception {
        LinkKinds.assumeSupported(
                new LinkSpec.Vlan(LinkOptions.named("probevlan"), "probeparent", 10, VlanProtocol.IEEE_802_1Q));
        handle.linkAdd(LinkSpec.Veth.named("parent0", "parent0peer"));

        handle.linkAdd(new LinkSpec.Vlan(LinkOptions.named("parent0.10"), "parent0", 10, VlanProtocol.IEEE_802_1AD));

        Link vlan = handle.linkGet("parent0.10");
        assertThat(vlan.details()).isEqualTo(new Link.VlanDetails(10, VlanProtocol.IEEE_802_1AD));
        assertThat(vlan.linkIndex()).hasValue(handle.linkIndex("parent0"));
    }

    @Test
    void duplicateNameIsObjectExists() throws Exception {
        handle.linkAdd(LinkSpec.Veth.named("shoal0a", "shoal0b"));

        assertThatThrownBy(() -> handle.linkAdd(LinkSpec.Veth.named("shoal0a", "shoal0c")))
                .isInstanceOf(ObjectExistsException.class)
                .hasMessageStartingWith("RTM_NEWLINK veth shoal0a: EEXIST (File exists)");
    }

    @Test
    void missingLinkIsNoSuchObject() {
        assertThatThrownBy(() -> handle.linkGet("nothere0"))
                .isInstanceOf(NoSuchObjectException.class)
                .hasMessageStartingWith("RTM_GETLINK link nothere0: ENODEV");
        assertThatThrownBy(() -> handle.linkDelete("nothere0"))
                .isInstanceOf(NoSuchObjectException.class)
                .hasMessageStartingWith("RTM_DELLINK link nothere0: ENODEV");
        assertThatThrownBy(() -> handle.linkAdd(new LinkSpec.Veth(
                        LinkOptions.named("shoal0a").withMaster("nobridge"),
                        LinkOptions.named("shoal0b"),
                        OptionalInt.empty())))
                .isInstanceOf(NoSuchObjectException.class)
                .hasMessageContaining("nobridge");
        assertThatThrownBy(() -> handle.linkGet(999)).isInstanceOf(NoSuchObjectException.class);
    }

    @Test
    void nameOverFifteenBytesIsRefusedBeforeSending() {
        assertThatThrownBy(() -> handle.linkAdd(LinkSpec.Bridge.named("sixteen-chars-xx")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 15 bytes");
    }

    @Test
    void mtuOutsideTheDeviceRangeIsInvalidRequestWithTheKernelsReason() throws Exception {
        handle.linkAdd(LinkSpec.Veth.named("shoal0a", "shoal0b"));

        assertThatThrownBy(() -> handle.linkSetMtu("shoal0a", 100_000))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("RTM_SETLINK link shoal0a mtu 100000: EINVAL (Invalid argument): "
                        + "mtu greater than device maximum")
                .satisfies(e -> assertThat(((KernelException) e).errno()).isEqualTo(22));
        assertThatThrownBy(() -> handle.linkAdd(
                        new LinkSpec.Bridge(LinkOptions.named("shoalbr0").withMtu(10))))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void renamingOntoATakenNameIsObjectExists() throws Exception {
        handle.linkAdd(LinkSpec.Veth.named("shoal0a", "shoal0b"));
        int index = handle.linkIndex("shoal0a");

        assertThatThrownBy(() -> handle.linkSetName("shoal0a", "shoal0b"))
                .isInstanceOf(ObjectExistsException.class)
                .hasMessageStartingWith("RTM_SETLINK link #" + index + " name shoal0b: EEXIST");
    }
}
