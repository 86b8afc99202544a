package io.shoal.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.netlink.testing.Netns;
import io.shoal.netlink.testing.NetnsExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real traffic: two "containers" plumbed onto a bridge in a third namespace the way the engine plumbs an endpoint
 * (veth with the peer created in the container, renamed to eth0, MAC, IPv4 and IPv6 addresses, default route, up),
 * then a TCP exchange between them with Java sockets opened inside the namespaces.
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class TrafficKernelTest {
    private static final int PORT = 7777;

    @Test
    void tcpAcrossABridgeBetweenTwoNamespaces(
            @Netns("host") NetworkNamespace host, @Netns("a") NetworkNamespace a, @Netns("b") NetworkNamespace b)
            throws Exception {
        try (NetlinkHandle hostHandle = NetlinkHandle.openIn(host);
                NetlinkHandle aHandle = NetlinkHandle.openIn(a);
                NetlinkHandle bHandle = NetlinkHandle.openIn(b)) {
            hostHandle.linkAdd(new LinkSpec.Bridge(LinkOptions.named("shoalbr0").withUp(true)));
            plumb(hostHandle, aHandle, a, "shoalva", "02:42:0a:4d:00:02", "10.77.0.2/24", "fd77::2/64");
            plumb(hostHandle, bHandle, b, "shoalvb", "02:42:0a:4d:00:03", "10.77.0.3/24", "fd77::3/64");

            try (ServerSocket server = b.callInside(() -> new ServerSocket(PORT, 1, IpAddresses.parse("10.77.0.3")));
                    Socket client = a.callInside(() -> {
                        Socket socket = new Socket();
                        socket.connect(new InetSocketAddress(IpAddresses.parse("10.77.0.3"), PORT), 5_000);
                        return socket;
                    });
                    Socket accepted = server.accept()) {
                client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                assertThat(readFour(accepted.getInputStream())).isEqualTo("ping");
                OutputStream reply = accepted.getOutputStream();
                reply.write("pong".getBytes(StandardCharsets.US_ASCII));
                assertThat(readFour(client.getInputStream())).isEqualTo("pong");
                assertThat(accepted.getInetAddress()).isEqualTo(IpAddresses.parse("10.77.0.2"));
            }
            assertThat(aHandle.linkGet("eth0").mac()).hasValue(MacAddress.parse("02:42:0a:4d:00:02"));
        }
    }

    private static void plumb(
            NetlinkHandle hostHandle,
            NetlinkHandle containerHandle,
            NetworkNamespace container,
            String hostEnd,
            String mac,
            String ipv4,
            String ipv6)
            throws KernelException {
        hostHandle.linkAdd(new LinkSpec.Veth(
                        LinkOptions.named(hostEnd).withMaster("shoalbr0").withUp(true),
                        LinkOptions.named(hostEnd + "p").withMac(MacAddress.parse(mac)),
                        OptionalInt.empty())
                .withPeerIn(container));
        int index = containerHandle.linkIndex(hostEnd + "p");
        containerHandle.linkSetName(index, "eth0");
        containerHandle.addrAdd(index, IpPrefix.parse(ipv4));
        containerHandle.addrAdd(index, IpPrefix.parse(ipv6), AddressFlag.NODAD);
        containerHandle.linkSetUp("eth0");
        containerHandle.routeAdd(
                Route.defaultVia(IpAddresses.parse("10.77.0.1")).dev(index));
    }

    private static String readFour(InputStream in) throws java.io.IOException {
        return new String(in.readNBytes(4), StandardCharsets.US_ASCII);
    }
}
