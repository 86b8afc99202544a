package io.shoal.driver.vlan;

import static io.shoal.driver.vlan.MacvlanDrivers.endpointId;
import static io.shoal.driver.vlan.MacvlanDrivers.networkId;
import static io.shoal.driver.vlan.MacvlanDrivers.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.driver.support.EndpointPhase;
import io.shoal.driver.support.NetworkPhase;
import io.shoal.driver.support.testing.MapDriverStore;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.spi.IpamData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MacvlanStateTest {
    @Test
    void networksSurviveTheStore() {
        IpamData v4 = new IpamData(
                "local",
                IpPrefix.parse("10.20.0.0/24"),
                Optional.of(IpPrefix.parse("10.20.0.1/24")),
                Map.of("printer", IpAddresses.parse("10.20.0.9")));
        MacvlanNetwork tagged = new MacvlanNetwork(
                networkId(1),
                "v20",
                MacvlanMode.VEPA,
                Optional.of(ParentLink.parse("eth0.20")),
                new MacvlanNetwork.Parent("eth0.20", MacvlanNetwork.Origin.SUB_INTERFACE),
                List.of(v4),
                List.of(pool("fd20::/64", "fd20::1/64")),
                false,
                NetworkPhase.CREATING);
        MacvlanNetwork internal = new MacvlanNetwork(
                networkId(2),
                "back",
                MacvlanMode.BRIDGE,
                Optional.empty(),
                new MacvlanNetwork.Parent("dm-000000000002", MacvlanNetwork.Origin.VETH_PAIR),
                List.of(pool("10.30.0.0/24", null)),
                List.of(),
                true,
                NetworkPhase.READY);
        var state = MacvlanState.records(new MapDriverStore());
        state.save(tagged);
        state.save(internal);
        // MapDriverStore.list does not keep the key order DriverStore.list promises, so the order is not checked.
        assertThat(state.networks()).containsExactlyInAnyOrder(tagged, internal);
        state.remove(tagged);
        assertThat(state.networks()).containsExactly(internal);
    }

    @Test
    void endpointsSurviveTheStoreJoinedOrNot() {
        MacvlanEndpoint idle = new MacvlanEndpoint(
                networkId(1),
                endpointId(2),
                MacAddress.parse("02:42:0a:14:00:02"),
                Optional.of(IpPrefix.parse("10.20.0.2/24")),
                Optional.of(IpPrefix.parse("fd20::2/64")),
                Optional.empty(),
                EndpointPhase.IDLE);
        MacvlanEndpoint joined = idle.joined(new MacvlanEndpoint.Join(Path.of("/run/netns/c2"), "eth1"));
        String text = MacvlanState.encode(joined);
        assertThat(text)
                .contains("interface=eth1")
                .contains("sandbox=/run/netns/c2")
                .contains("mac=02\\:42\\:0a\\:14\\:00\\:02");
        assertThat(MacvlanState.decodeEndpoint(text)).isEqualTo(joined);
        assertThat(MacvlanState.decodeEndpoint(MacvlanState.encode(idle))).isEqualTo(idle);
        assertThat(joined.left()).isEqualTo(idle);
    }
}
