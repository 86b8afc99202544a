package io.shoal.driver.vlan;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.driver.support.EndpointPhase;
import io.shoal.driver.support.NetworkPhase;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.spi.IpamData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The macvlan driver's records as the first released version wrote them (src/test/resources/records, written once by
 * that version's {@link MacvlanState} and never regenerated), one network per parent kind: today's code must read
 * every field of them, so a store written by that version restores. A format change adds a file; it never edits one.
 */
class MacvlanRecordFormatTest {
    static final String LAN = "0123456789ab" + "b".repeat(52);
    static final String ENDPOINT = "e" + "0".repeat(62) + "2";

    static MacvlanNetwork adoptedDualStack() {
        return new MacvlanNetwork(
                LAN,
                "lan",
                MacvlanMode.VEPA,
                Optional.of(ParentLink.parse("eth0")),
                new MacvlanNetwork.Parent("eth0", MacvlanNetwork.Origin.ADOPTED),
                List.of(new IpamData(
                        "local",
                        IpPrefix.parse("10.88.0.0/24"),
                        Optional.of(IpPrefix.parse("10.88.0.1/24")),
                        Map.of("router2", IpAddresses.parse("10.88.0.254")))),
                List.of(new IpamData(
                        "local", IpPrefix.parse("fd88::/64"), Optional.of(IpPrefix.parse("fd88::1/64")), Map.of())),
                false,
                NetworkPhase.READY);
    }

    static MacvlanNetwork subInterfaceCreating() {
        return network(
                "1", "v20", MacvlanMode.BRIDGE, "eth0.20", MacvlanNetwork.Origin.SUB_INTERFACE, NetworkPhase.CREATING);
    }

    static MacvlanNetwork dummyReady() {
        return network("2", "back", MacvlanMode.BRIDGE, null, MacvlanNetwork.Origin.DUMMY, NetworkPhase.READY);
    }

    static MacvlanNetwork vethPairDeleting() {
        return network("3", "quiet", MacvlanMode.PRIVATE, null, MacvlanNetwork.Origin.VETH_PAIR, NetworkPhase.DELETING);
    }

    private static MacvlanNetwork network(
            String n, String name, MacvlanMode mode, String parent, MacvlanNetwork.Origin origin, NetworkPhase phase) {
        String id = n.repeat(12) + "f".repeat(52);
        Optional<ParentLink> requested = Optional.ofNullable(parent).map(ParentLink::parse);
        String link = parent != null ? parent : "dm-" + id.substring(0, 12);
        return new MacvlanNetwork(
                id,
                name,
                mode,
                requested,
                new MacvlanNetwork.Parent(link, origin),
                List.of(new IpamData("local", IpPrefix.parse("10.9" + n + ".0.0/24"), Optional.empty(), Map.of())),
                List.of(),
                parent == null,
                phase);
    }

    static MacvlanEndpoint idle() {
        return new MacvlanEndpoint(
                LAN,
                ENDPOINT,
                MacAddress.parse("02:42:0a:58:00:02"),
                Optional.of(IpPrefix.parse("10.88.0.2/24")),
                Optional.of(IpPrefix.parse("fd88::2/64")),
                Optional.empty(),
                EndpointPhase.IDLE);
    }

    static MacvlanEndpoint joined() {
        return idle().joined(new MacvlanEndpoint.Join(Path.of("/run/netns/c2"), "eth1"));
    }

    static final Map<String, MacvlanNetwork> NETWORKS = Map.of(
            "network-adopted-dual-stack.properties", adoptedDualStack(),
            "network-sub-interface-creating.properties", subInterfaceCreating(),
            "network-dummy-ready.properties", dummyReady(),
            "network-veth-pair-deleting.properties", vethPairDeleting());

    static final Map<String, MacvlanEndpoint> ENDPOINTS =
            Map.of("endpoint-idle.properties", idle(), "endpoint-joined.properties", joined());

    @Test
    void readsNetworksOfEveryParentKindAsTheFirstVersionWroteThem() throws IOException {
        for (Map.Entry<String, MacvlanNetwork> golden : NETWORKS.entrySet()) {
            assertThat(MacvlanState.decodeNetwork(golden(golden.getKey())))
                    .as(golden.getKey())
                    .isEqualTo(golden.getValue());
        }
    }

    @Test
    void readsEndpointsAsTheFirstVersionWroteThem() throws IOException {
        for (Map.Entry<String, MacvlanEndpoint> golden : ENDPOINTS.entrySet()) {
            assertThat(MacvlanState.decodeEndpoint(golden(golden.getKey())))
                    .as(golden.getKey())
                    .isEqualTo(golden.getValue());
        }
    }

    @Test
    void writesTheSameTextForTheSameRecords() throws IOException {
        for (Map.Entry<String, MacvlanNetwork> golden : NETWORKS.entrySet()) {
            assertThat(MacvlanState.encode(golden.getValue()))
                    .as(golden.getKey())
                    .isEqualTo(golden(golden.getKey()));
        }
        for (Map.Entry<String, MacvlanEndpoint> golden : ENDPOINTS.entrySet()) {
            assertThat(MacvlanState.encode(golden.getValue()))
                    .as(golden.getKey())
                    .isEqualTo(golden(golden.getKey()));
        }
    }

    static String golden(String name) throws IOException {
        try (InputStream in = MacvlanRecordFormatTest.class.getResourceAsStream("/records/" + name)) {
            assertThat(in).as("golden record %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
