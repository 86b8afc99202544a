package io.shoal.driver.vlan;

import static io.shoal.driver.vlan.MacvlanDrivers.endpointId;
import static io.shoal.driver.vlan.MacvlanDrivers.networkId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.netlink.LinkLayerAddress;
import io.shoal.netlink.LinkOptions;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.VlanProtocol;
import io.shoal.netlink.wire.Attributes;
import io.shoal.netlink.wire.IfInfoMsg;
import io.shoal.netlink.wire.IfLink;
import io.shoal.netlink.wire.MessageWriter;
import io.shoal.netlink.wire.NetlinkMessage;
import io.shoal.netlink.wire.Rtnetlink;
import io.shoal.spi.DriverContext;
import io.shoal.spi.DriverRegistry;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.NetworkDriverProvider;
import io.shoal.spi.net.IpPrefix;
import io.shoal.spi.net.MacAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the driver asks the kernel for, checked as values, without root. */
class MacvlanLinkSpecsTest {
    @Test
    void aTaggedParentBecomesAn8021qSubInterfaceOnItsLink() {
        LinkSpec.Vlan spec = ParentLinks.subInterface(ParentLink.parse("eth0.20"));
        assertThat(spec)
                .isEqualTo(new LinkSpec.Vlan(
                        LinkOptions.named("eth0.20").withUp(true), "eth0", 20, VlanProtocol.IEEE_802_1Q));
        assertThat(spec.kind()).isEqualTo("vlan");
        assertThat(ParentLinks.subInterface(ParentLink.parse("bond0.4094")).id())
                .isEqualTo(4094);
        assertThatThrownBy(() -> ParentLinks.subInterface(ParentLink.parse("eth0")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void driverOwnedLinksAreNamedAfterTheNetwork() {
        assertThat(ParentLinks.internalName(networkId(42))).isEqualTo("dm-000000000042");
        assertThat(ParentLinks.internalPeerName(networkId(42))).isEqualTo("dp-000000000042");
    }

    @Test
    void anEndpointsMacvlanCarriesItsMacAndTheNetworksMode() {
        MacvlanEndpoint endpoint = new MacvlanEndpoint(
                networkId(1),
                endpointId(2),
                MacAddress.parse("02:42:0a:58:00:02"),
                Optional.of(IpPrefix.parse("10.88.0.2/24")),
                Optional.empty(),
                Optional.empty());
        LinkSpec.Macvlan vepa = MacvlanPlumbing.spec(network(MacvlanMode.VEPA), endpoint, "eth1");
        assertThat(vepa.parent()).isEqualTo("uplink");
        assertThat(vepa.mode()).isEqualTo(io.shoal.netlink.MacvlanMode.VEPA);
        assertThat(vepa.options().mac()).contains(LinkLayerAddress.parse("02:42:0a:58:00:02"));
        assertThat(vepa.options().up()).isTrue();
        assertThat(vepa.name()).isEqualTo("eth1");
        // passthru: the kernel gives the macvlan the parent's address; asking for another would change the parent's.
        LinkSpec.Macvlan passthru = MacvlanPlumbing.spec(network(MacvlanMode.PASSTHRU), endpoint, "eth1");
        assertThat(passthru.options().mac()).isEmpty();
        for (MacvlanMode mode : MacvlanMode.values()) {
            assertThat(MacvlanPlumbing.kernelMode(mode).name()).isEqualTo(mode.name());
        }
    }

    @Test
    void theMacvlanIsRequestedInsideTheSandboxByNamespaceDescriptor() {
        LinkSpec.Macvlan spec = new LinkSpec.Macvlan(
                LinkOptions.named("eth1").withUp(true).withMac(LinkLayerAddress.parse("02:42:0a:58:00:02")),
                "uplink",
                io.shoal.netlink.MacvlanMode.PRIVATE);
        MessageWriter writer = new MessageWriter(256).begin(Rtnetlink.RTM_NEWLINK, 0, 1);
        SandboxMacvlans.write(writer, spec, 7, 42);
        NetlinkMessage message = NetlinkMessage.parseAll(writer.finish()).get(0);
        IfInfoMsg header = IfInfoMsg.read(message.payload());
        assertThat(header.index()).isZero();
        assertThat(header.flags() & IfLink.IFF_UP).isEqualTo(IfLink.IFF_UP);
        assertThat(header.change() & IfLink.IFF_UP).isEqualTo(IfLink.IFF_UP);
        Attributes attributes = message.attributes(IfLink.IFINFOMSG_LENGTH);
        assertThat(attributes.string(IfLink.IFLA_IFNAME)).contains("eth1");
        assertThat(attributes.bytes(IfLink.IFLA_ADDRESS))
                .hasValueSatisfying(mac -> assertThat(mac).containsExactly(0x02, 0x42, 0x0a, 0x58, 0x00, 0x02));
        assertThat(attributes.u32(IfLink.IFLA_LINK)).hasValue(7);
        assertThat(attributes.u32(IfLink.IFLA_NET_NS_FD)).hasValue(42);
        assertThat(attributes.has(IfLink.IFLA_MTU)).isFalse();
        Attributes info = attributes.nested(IfLink.IFLA_LINKINFO);
        assertThat(info.string(IfLink.IFLA_INFO_KIND)).contains("macvlan");
        assertThat(info.nested(IfLink.IFLA_INFO_DATA).u32(IfLink.IFLA_MACVLAN_MODE))
                .hasValue(IfLink.MACVLAN_MODE_PRIVATE);
    }

    @Test
    void theProviderIsFoundByServiceLoaderUnderDockersTypeName() {
        DriverRegistry<NetworkDriverProvider> registry = DriverRegistry.load(
                NetworkDriverProvider.class, getClass().getClassLoader(), NetworkDriverProvider::type);
        assertThat(registry.require("macvlan")).isInstanceOf(MacvlanDriverProvider.class);
    }

    @Test
    void theProviderNeedsAHostNamespace() {
        DriverContext bare = new DriverContext(Path.of("/nonexistent"), Map.of(), Map.of());
        assertThatThrownBy(() -> new MacvlanDriverProvider().create(bare))
                .hasMessageContaining("io.shoal.netlink.NetworkNamespace")
                .extracting(e -> ((io.shoal.spi.DriverException) e).kind())
                .isEqualTo(ErrorKind.UNAVAILABLE);
    }

    private static MacvlanNetwork network(MacvlanMode mode) {
        return new MacvlanNetwork(
                networkId(1),
                "lan",
                mode,
                Optional.of(ParentLink.parse("uplink")),
                new MacvlanNetwork.Parent("uplink", MacvlanNetwork.Origin.ADOPTED),
                List.of(MacvlanDrivers.pool("10.88.0.0/24", "10.88.0.1/24")),
                List.of(),
                false,
                MacvlanNetwork.Phase.READY);
    }
}
