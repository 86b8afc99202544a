package io.shoal.driver.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.driver.support.EndpointPhase;
import io.shoal.driver.support.NetworkPhase;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.spi.IpamData;
import io.shoal.spi.PortBinding;
import io.shoal.spi.PortBinding.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The bridge driver's records as the first released version wrote them (src/test/resources/records, written once by
 * that version's {@link BridgeState} and never regenerated): today's code must read every field of them, so a store
 * written by that version restores. A format change adds a file; it never edits one.
 */
class BridgeRecordFormatTest {
    static final String WEB = "0123456789ab" + "c".repeat(52);
    static final String BACK = "1123456789ab" + "d".repeat(52);
    static final String ENDPOINT = "e" + "0".repeat(62) + "2";

    static BridgeNetwork readyDualStack() {
        return new BridgeNetwork(
                WEB,
                "web",
                new BridgeOptions("br-web", false, false, 1400, Optional.of(IpAddresses.parse("192.0.2.10"))),
                List.of(new IpamData(
                        "local",
                        IpPrefix.parse("10.1.0.0/24"),
                        Optional.of(IpPrefix.parse("10.1.0.1/24")),
                        Map.of("printer", IpAddresses.parse("10.1.0.9")))),
                List.of(new IpamData(
                        "local", IpPrefix.parse("fd00:1::/64"), Optional.of(IpPrefix.parse("fd00:1::1/64")), Map.of())),
                false,
                true,
                NetworkPhase.READY);
    }

    static BridgeNetwork creatingAdoptedInternal() {
        return new BridgeNetwork(
                BACK,
                "back",
                new BridgeOptions("br0", true, true, 1500, Optional.empty()),
                List.of(new IpamData(
                        "local", IpPrefix.parse("10.2.0.0/16"), Optional.of(IpPrefix.parse("10.2.0.1/16")), Map.of())),
                List.of(),
                true,
                false,
                NetworkPhase.CREATING);
    }

    static BridgeEndpoint idle() {
        return new BridgeEndpoint(
                BACK,
                ENDPOINT,
                MacAddress.parse("02:42:0a:02:00:02"),
                Optional.of(IpPrefix.parse("10.2.0.2/16")),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                EndpointPhase.IDLE);
    }

    static BridgeEndpoint joinedAndPublished() {
        return new BridgeEndpoint(
                WEB,
                ENDPOINT,
                MacAddress.parse("02:42:0a:01:00:02"),
                Optional.of(IpPrefix.parse("10.1.0.2/24")),
                Optional.of(IpPrefix.parse("fd00:1::2/64")),
                Optional.of(new BridgeEndpoint.Join("veth0123456789a", Path.of("/run/netns/c2"), "eth1")),
                List.of(
                        new PortBinding(Protocol.TCP, Optional.empty(), 8080, 80),
                        new PortBinding(Protocol.UDP, Optional.of(IpAddresses.parse("127.0.0.1")), 5353, 53),
                        new PortBinding(Protocol.TCP, Optional.of(IpAddresses.parse("2001:db8::1")), 443, 8443)),
                EndpointPhase.JOINED);
    }

    @Test
    void readsNetworksAsTheFirstVersionWroteThem() throws IOException {
        assertThat(BridgeState.decodeNetwork(golden("network-ready-dual-stack.properties")))
                .isEqualTo(readyDualStack());
        assertThat(BridgeState.decodeNetwork(golden("network-creating-adopted-internal.properties")))
                .isEqualTo(creatingAdoptedInternal());
    }

    @Test
    void readsEndpointsAsTheFirstVersionWroteThem() throws IOException {
        assertThat(BridgeState.decodeEndpoint(golden("endpoint-idle.properties")))
                .isEqualTo(idle());
        assertThat(BridgeState.decodeEndpoint(golden("endpoint-joined-published.properties")))
                .isEqualTo(joinedAndPublished());
    }

    @Test
    void writesTheSameTextForTheSameRecords() throws IOException {
        assertThat(BridgeState.encode(readyDualStack()))
                .isEqualTo(withoutInterfacePrefix(golden("network-ready-dual-stack.properties")));
        assertThat(BridgeState.encode(creatingAdoptedInternal()))
                .isEqualTo(withoutInterfacePrefix(golden("network-creating-adopted-internal.properties")));
        assertThat(BridgeState.encode(idle())).isEqualTo(golden("endpoint-idle.properties"));
        assertThat(BridgeState.encode(joinedAndPublished())).isEqualTo(golden("endpoint-joined-published.properties"));
    }

    /**
     * The first version also wrote {@code interface-prefix}, an option nothing read; it is no longer written, and
     * reading a record that has it ignores it (the two read tests above).
     */
    private static String withoutInterfacePrefix(String record) {
        return record.replaceAll("(?m)^interface-prefix=.*\\R", "");
    }

    static String golden(String name) throws IOException {
        try (InputStream in = BridgeRecordFormatTest.class.getResourceAsStream("/records/" + name)) {
            assertThat(in).as("golden record %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
