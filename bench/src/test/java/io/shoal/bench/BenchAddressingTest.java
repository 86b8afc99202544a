package io.shoal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.NetworkConfig;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchAddressingTest {
    private static final String ID = "00000000000000000000000000000000000000000000000000000000000010af";
    private final BenchAddressing addresses = new BenchAddressing(91);

    @Test
    void aNetworkIsDualStackInItsBlockWithGatewaysOne() {
        DriverOptions parent = DriverOptions.of(Map.of("parent", "uplink"));
        NetworkConfig network = addresses.network(ID, 26, parent);

        assertThat(network.id()).isEqualTo(ID);
        assertThat(network.name()).isEqualTo("bench10af");
        assertThat(network.options()).isEqualTo(parent);
        assertThat(network.ipv4()).singleElement().satisfies(v4 -> {
            assertThat(v4.pool()).isEqualTo(IpPrefix.parse("10.91.26.0/24"));
            assertThat(v4.gateway()).contains(IpPrefix.parse("10.91.26.1/24"));
        });
        assertThat(network.ipv6()).singleElement().satisfies(v6 -> {
            assertThat(v6.pool()).isEqualTo(IpPrefix.parse("fd91:0:1a::/64"));
            assertThat(v6.gateway()).contains(IpPrefix.parse("fd91:0:1a::1/64"));
        });
        assertThat(network.internal()).isFalse();
    }

    @Test
    void endpointNHasHostNumberNPlusTwoInBothFamilies() {
        EndpointConfig endpoint = new BenchAddressing(90).endpoint(ID, "e1", 26, 10);

        assertThat(endpoint.ipv4()).contains(IpPrefix.parse("10.90.26.12/24"));
        assertThat(endpoint.ipv6()).contains(IpPrefix.parse("fd90:0:1a::c/64"));
        assertThat(endpoint.mac()).isEqualTo(Optional.empty());
    }

    @Test
    void theShapesJoinCostsUsesAreTheseAddressesWithTheOptions() {
        JoinCosts.Shapes shapes = addresses.shapes(DriverOptions.empty());

        assertThat(shapes.network(ID, 7)).isEqualTo(addresses.network(ID, 7, DriverOptions.empty()));
        assertThat(shapes.endpoint(ID, "e2", 7, 3)).isEqualTo(addresses.endpoint(ID, "e2", 7, 3));
    }
}
