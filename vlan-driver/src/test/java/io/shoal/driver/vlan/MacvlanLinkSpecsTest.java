package io.shoal.driver.vlan;

import static io.shoal.driver.vlan.MacvlanDrivers.endpointId;
import static io.shoal.driver.vlan.MacvlanDrivers.networkId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.driver.support.EndpointPhase;
import io.shoal.driver.support.NetworkPhase;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.netlink.LinkOptions;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.VlanProtocol;
import io.shoal.spi.DriverContext;
import io.shoal.spi.DriverRegistry;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.NetworkDriverProvider;
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
                Optional.empty(),
                EndpointPhase.IDLE);
        LinkSpec.Macvlan vepa = MacvlanPlumbing.spec(network(MacvlanMode.VEPA), endpoint, "eth1");
        assertThat(vepa.parent()).isEqualTo("uplink");
        assertThat(vepa.mode()).isEqualTo(io.shoal.netlink.MacvlanMode.VEPA);
        assertThat(vepa.options().mac()).contains(MacAddress.parse("02:42:0a:58:00:02"));
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
                NetworkPhase.READY);
    }
}
