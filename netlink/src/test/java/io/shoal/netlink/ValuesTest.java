package io.shoal.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "sixteen-chars-xx", ".", "..", "a/b", "a:b", "a b", "tab\there"})
    void rejectsInterfaceNamesTheKernelRejects(String name) {
        assertThatThrownBy(() -> LinkOptions.named(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsFifteenByteNames() {
        assertThat(LinkOptions.named("fifteen-chars-x").name()).hasSize(15);
    }

    @Test
    void rejectsNonPositiveMtu() {
        assertThatThrownBy(() -> LinkOptions.named("x").withMtu(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MTU");
    }

    @Test
    void linkSpecsRefuseValuesNoDeviceAccepts() {
        LinkOptions options = LinkOptions.named("x");
        assertThatThrownBy(() -> new LinkSpec.Vlan(options, "eth0", 4095, VlanProtocol.IEEE_802_1Q))
                .hasMessageContaining("VLAN id");
        assertThatThrownBy(() -> new LinkSpec.Vxlan(
                        options, 1 << 24, Optional.empty(), Optional.empty(), 4789, Optional.empty()))
                .hasMessageContaining("VNI");
        assertThatThrownBy(() -> new LinkSpec.Vxlan(
                        options,
                        1,
                        Optional.of(IpAddresses.parse("10.0.0.1")),
                        Optional.of(IpAddresses.parse("fd00::1")),
                        4789,
                        Optional.empty()))
                .hasMessageContaining("both be IPv4 or both IPv6");
        assertThatThrownBy(
                        () -> new LinkSpec.Veth(options, LinkOptions.named("y").withUp(true), OptionalInt.empty()))
                .hasMessageContaining("cannot be brought up on creation");
        assertThatThrownBy(() -> new LinkSpec.Macvlan(options, "name-longer-than-15", MacvlanMode.BRIDGE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void routeScopeFollowsIpRoute() {
        IpPrefix v4 = IpPrefix.parse("10.9.0.0/16");
        assertThat(Route.to(v4).dev(3).scope()).isEqualTo(RouteScope.LINK);
        assertThat(Route.to(v4).via(IpAddresses.parse("10.0.0.1")).dev(3).scope())
                .isEqualTo(RouteScope.UNIVERSE);
        assertThat(Route.to(IpPrefix.parse("fd01::/64")).dev(3).scope()).isEqualTo(RouteScope.UNIVERSE);
        assertThatThrownBy(() -> Route.to(v4).via(IpAddresses.parse("fd00::1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errnoAliasesMapToTheirMeaning() {
        // 95 is both ENOTSUP and EOPNOTSUPP on Linux; a missing link kind answers with it.
        assertThat(KernelException.of("RTM_NEWLINK", "vlan v1", 95, "Unknown device type"))
                .isInstanceOf(UnsupportedByKernelException.class)
                .hasMessage("RTM_NEWLINK vlan v1: ENOTSUP (Operation not supported): Unknown device type");
        assertThat(KernelException.of("RTM_NEWLINK", "veth a", 17, ""))
                .isInstanceOf(ObjectExistsException.class)
                .hasMessage("RTM_NEWLINK veth a: EEXIST (File exists)");
    }
}
