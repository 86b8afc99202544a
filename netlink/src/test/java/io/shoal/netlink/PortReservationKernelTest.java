package io.shoal.netlink;

import static io.shoal.netlink.testing.Ports.canBindUdp;
import static io.shoal.netlink.testing.Ports.canListen;
import static io.shoal.netlink.testing.Ports.listen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.netlink.PortReservation.Transport;
import io.shoal.netlink.testing.Netns;
import io.shoal.netlink.testing.NetnsExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Port reservations and bridge-port hairpin mode on the real kernel, in a namespace of the test's own. */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class PortReservationKernelTest {
    @Test
    void aReservedPortIsHeldPerFamilyUntilClosed(@Netns("main") NetworkNamespace ns) throws Exception {
        InetAddress any4 = InetAddress.getByName("0.0.0.0");
        InetAddress any6 = InetAddress.getByName("::");
        try (PortReservation tcp4 = ns.callInside(() -> PortReservation.bind(Transport.TCP, any4, 8080));
                PortReservation tcp6 = ns.callInside(() -> PortReservation.bind(Transport.TCP, any6, 8080));
                PortReservation udp4 = ns.callInside(() -> PortReservation.bind(Transport.UDP, any4, 8080))) {
            assertThat(tcp6).hasToString("tcp [::]:8080");
            assertThat(canListen(ns, "127.0.0.1", 8080))
                    .as("a specific address under 0.0.0.0")
                    .isFalse();
            assertThat(canBindUdp(ns, "0.0.0.0", 8080)).isFalse();
            assertThatThrownBy(() -> ns.callInside(() -> PortReservation.bind(Transport.TCP, any4, 8080)))
                    .isInstanceOf(ObjectExistsException.class)
                    .hasMessageContaining("bind tcp 0.0.0.0:8080");
        }
        assertThat(canListen(ns, "0.0.0.0", 8080)).isTrue();
        assertThat(canBindUdp(ns, "0.0.0.0", 8080)).isTrue();
    }

    @Test
    void aPortAnotherSocketListensOnCannotBeReserved(@Netns("main") NetworkNamespace ns) throws Exception {
        try (ServerSocket busy = ns.callInside(() -> listen("0.0.0.0", 9090))) {
            assertThatThrownBy(() -> ns.callInside(
                            () -> PortReservation.bind(Transport.TCP, InetAddress.getByName("0.0.0.0"), 9090)))
                    .isInstanceOf(ObjectExistsException.class);
        }
        assertThatThrownBy(() -> ns.callInside(
                        () -> PortReservation.bind(Transport.UDP, InetAddress.getByName("198.51.100.7"), 9090)))
                .isInstanceOf(NoSuchObjectException.class);
    }

    @Test
    void hairpinModeIsSetOnABridgePort(@Netns("main") NetworkNamespace ns) throws Exception {
        try (NetlinkHandle handle = NetlinkHandle.openIn(ns)) {
            handle.linkAdd(LinkSpec.Bridge.named("br0"));
            handle.linkAdd(new LinkSpec.Veth(
                    LinkOptions.named("port0").withMaster("br0"),
                    LinkOptions.named("peer0"),
                    java.util.OptionalInt.empty()));
            handle.linkSetHairpin("port0", true);
            assertThat(bridgeLink(ns, "port0")).contains("hairpin on");
            handle.linkSetHairpin("port0", false);
            assertThat(bridgeLink(ns, "port0")).contains("hairpin off");
            assertThatThrownBy(() -> handle.linkSetHairpin("peer0", true)).isInstanceOf(KernelException.class);
        }
    }

    /** iproute2's own reading of the port's flags ({@code bridge -d link show}), independent of Shoal's parsing. */
    private static String bridgeLink(NetworkNamespace ns, String port) throws IOException, InterruptedException {
        Process bridge = new ProcessBuilder("bridge", "-n", ns.name().orElseThrow(), "-d", "link", "show", "dev", port)
                .redirectErrorStream(true)
                .start();
        String out = new String(bridge.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(bridge.waitFor()).as(out).isZero();
        return out;
    }
}
