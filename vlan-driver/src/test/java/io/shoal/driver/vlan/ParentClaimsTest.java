package io.shoal.driver.vlan;

import static io.shoal.driver.vlan.MacvlanDrivers.networkId;
import static io.shoal.driver.vlan.MacvlanDrivers.pool;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.driver.support.NetworkPhase;
import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.IpamData;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParentClaimsTest {
    private static final MacvlanNetwork WEB = network(1, "web", "eth0", MacvlanMode.BRIDGE, "10.1.0.0/24");
    private static final MacvlanNetwork VLAN20 = network(2, "v20", "eth0.20", MacvlanMode.BRIDGE, "10.20.0.0/24");

    @Test
    void networksMayShareAParentWhenTheirSubnetsDoNotOverlap() {
        assertThatCode(() -> ParentClaims.check(
                        network(3, "other", "eth0", MacvlanMode.BRIDGE, "10.2.0.0/24"), List.of(WEB, VLAN20)))
                .doesNotThrowAnyException();
        assertThatCode(() -> ParentClaims.check(
                        network(3, "elsewhere", "eth1", MacvlanMode.BRIDGE, "10.1.0.0/24"), List.of(WEB)))
                .doesNotThrowAnyException();
    }

    @Test
    void overlappingSubnetsOnOneParentConflict() {
        assertRefused(
                network(3, "other", "eth0", MacvlanMode.BRIDGE, "10.1.0.128/25"),
                ErrorKind.CONFLICT,
                "subnet 10.1.0.128/25 overlaps 10.1.0.0/24 of network web on the same parent eth0");
    }

    @Test
    void aVlanOfALinkBelongsToOneNetwork() {
        assertRefused(
                network(3, "again", "eth0.20", MacvlanMode.BRIDGE, "10.21.0.0/24"),
                ErrorKind.CONFLICT,
                "VLAN 20 of eth0 already belongs to network v20 (parent eth0.20)");
        // The same VLAN written with a leading zero is the same VLAN.
        assertRefused(
                network(3, "again", "eth0.020", MacvlanMode.BRIDGE, "10.21.0.0/24"),
                ErrorKind.CONFLICT,
                "VLAN 20 of eth0");
        assertThatCode(() -> ParentClaims.check(
                        network(3, "v21", "eth0.21", MacvlanMode.BRIDGE, "10.21.0.0/24"), List.of(WEB, VLAN20)))
                .doesNotThrowAnyException();
        assertThatCode(() -> ParentClaims.check(
                        network(3, "v20b", "eth1.20", MacvlanMode.BRIDGE, "10.21.0.0/24"), List.of(WEB, VLAN20)))
                .doesNotThrowAnyException();
    }

    @Test
    void aPassthruNetworkSharesItsParentWithNoOne() {
        assertRefused(
                network(3, "solo", "eth0", MacvlanMode.PASSTHRU, "10.9.0.0/24"),
                ErrorKind.CONFLICT,
                "a passthru network takes its parent whole");
        MacvlanNetwork solo = network(3, "solo", "eth1", MacvlanMode.PASSTHRU, "10.9.0.0/24");
        assertThatThrownBy(() -> ParentClaims.check(
                        network(4, "late", "eth1", MacvlanMode.BRIDGE, "10.8.0.0/24"), List.of(solo)))
                .hasMessageContaining("already carries network solo, in passthru mode,");
    }

    @Test
    void theGatewayLiesInTheSubnetAndASubnetIsRequired() {
        MacvlanNetwork outside = new MacvlanNetwork(
                networkId(5),
                "bad",
                MacvlanMode.BRIDGE,
                Optional.of(ParentLink.parse("eth0")),
                new MacvlanNetwork.Parent("eth0", MacvlanNetwork.Origin.ADOPTED),
                List.of(pool("10.5.0.0/24", "10.6.0.1/24")),
                List.of(),
                false,
                NetworkPhase.CREATING);
        assertRefused(outside, ErrorKind.INVALID_ARGUMENT, "gateway 10.6.0.1 lies outside subnet 10.5.0.0/24");
        MacvlanNetwork empty = new MacvlanNetwork(
                networkId(5),
                "bare",
                MacvlanMode.BRIDGE,
                Optional.empty(),
                new MacvlanNetwork.Parent("dm-000000000005", MacvlanNetwork.Origin.DUMMY),
                List.of(),
                List.of(),
                true,
                NetworkPhase.CREATING);
        assertRefused(empty, ErrorKind.INVALID_ARGUMENT, "has no subnet");
    }

    @Test
    void networksWithoutParentNeverClash() {
        MacvlanNetwork a = internal(6, "10.1.0.0/24");
        assertThatCode(() -> ParentClaims.check(internal(7, "10.1.0.0/24"), List.of(a, WEB)))
                .doesNotThrowAnyException();
        assertRefused(internal(1, "10.3.0.0/24"), ErrorKind.CONFLICT, "exists already");
    }

    private static void assertRefused(MacvlanNetwork candidate, ErrorKind kind, String message) {
        assertThatThrownBy(() -> ParentClaims.check(candidate, List.of(WEB, VLAN20)))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((DriverException) e).kind())
                .isEqualTo(kind);
    }

    static MacvlanNetwork network(int n, String name, String parent, MacvlanMode mode, String subnet) {
        IpamData v4 = pool(subnet, null);
        return new MacvlanNetwork(
                networkId(n),
                name,
                mode,
                Optional.of(ParentLink.parse(parent)),
                new MacvlanNetwork.Parent(parent, MacvlanNetwork.Origin.ADOPTED),
                List.of(v4),
                List.of(),
                false,
                NetworkPhase.READY);
    }

    private static MacvlanNetwork internal(int n, String subnet) {
        return new MacvlanNetwork(
                networkId(n),
                "internal" + n,
                MacvlanMode.BRIDGE,
                Optional.empty(),
                new MacvlanNetwork.Parent(ParentLinks.internalName(networkId(n)), MacvlanNetwork.Origin.DUMMY),
                List.of(pool(subnet, null)),
                List.of(),
                true,
                NetworkPhase.READY);
    }
}
