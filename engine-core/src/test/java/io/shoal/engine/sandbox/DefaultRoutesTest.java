package io.shoal.engine.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.network.EndpointView;
import io.shoal.net.IpAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class DefaultRoutesTest {
    private static DefaultRoutes.Candidate candidate(
            String network, boolean internal, String gw4, String gw6, String ifname) {
        Optional<InetAddress> v4 = Optional.ofNullable(gw4).map(IpAddresses::parse);
        Optional<InetAddress> v6 = Optional.ofNullable(gw6).map(IpAddresses::parse);
        EndpointView view = new EndpointView(
                "id-" + network,
                network,
                "ep",
                "c",
                "c",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                v4,
                v6,
                List.of(),
                List.of());
        return new DefaultRoutes.Candidate(view, internal, ifname);
    }

    @Test
    void aDualStackEndpointComesBeforeSingleStackOnesWhateverTheirNames() {
        DefaultRoutes.Choice choice = DefaultRoutes.choose(List.of(
                candidate("aaa", false, "10.0.0.1", null, "eth0"),
                candidate("zzz", false, "10.9.0.1", "fd00::1", "eth1")));
        assertThat(choice.ipv4().orElseThrow().interfaceName()).isEqualTo("eth1");
        assertThat(choice.ipv6().orElseThrow().interfaceName()).isEqualTo("eth1");
    }

    @Test
    void amongEqualsTheNetworkNameDecidesAndEachFamilyIsChosenApart() {
        DefaultRoutes.Choice choice = DefaultRoutes.choose(List.of(
                candidate("net-b", false, "10.2.0.1", null, "eth0"),
                candidate("net-c", false, null, "fd00:3::1", "eth1"),
                candidate("net-a", false, "10.1.0.1", null, "eth2")));
        assertThat(choice.gateway(false)).contains(IpAddresses.parse("10.1.0.1"));
        assertThat(choice.ipv4().orElseThrow().interfaceName()).isEqualTo("eth2");
        assertThat(choice.gateway(true)).contains(IpAddresses.parse("fd00:3::1"));
    }

    @Test
    void internalNetworksNeverGiveARouteAndNoGatewayMeansNone() {
        DefaultRoutes.Choice choice = DefaultRoutes.choose(List.of(
                candidate("a-internal", true, "10.1.0.1", "fd00::1", "eth0"),
                candidate("b-nogw", false, null, null, "eth1")));
        assertThat(choice.ipv4()).isEmpty();
        assertThat(choice.ipv6()).isEmpty();
        assertThat(choice.gateway(false)).isEmpty();
    }
}
