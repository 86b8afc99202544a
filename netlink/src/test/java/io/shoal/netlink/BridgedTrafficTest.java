package io.shoal.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.net.IpPrefix;
import io.shoal.netlink.testing.Commands;
import io.shoal.netlink.testing.Netns;
import io.shoal.netlink.testing.NetnsExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real traffic: namespaces {@code a} and {@code b} joined through a bridge in a third ({@code host}) by veth pairs,
 * everything made with {@link NetlinkHandle}; then Java TCP and UDP sockets opened inside a and b exchange bytes over
 * IPv4 and IPv6.
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class BridgedTrafficTest {
    private static final String BRIDGE = "br0";
    private static final int TIMEOUT_MS = 5_000;

    @BeforeEach
    void plumb(@Netns("host") NetworkNamespace host, @Netns("a") NetworkNamespace a, @Netns("b") NetworkNamespace b)
            throws Exception {
        try (NetlinkHandle hostHandle = NetlinkHandle.openIn(host)) {
            hostHandle.linkAdd(new LinkSpec.Bridge(LinkOptions.named(BRIDGE).withUp(true)));
            attach(hostHandle, a, "vetha", "10.77.0.2/24", "fd77::2/64");
            attach(hostHandle, b, "vethb", "10.77.0.3/24", "fd77::3/64");
        }
    }

    @Test
    void tcpAndUdpOverIpv4(@Netns("a") NetworkNamespace a, @Netns("b") NetworkNamespace b) throws Exception {
        InetAddress server = InetAddress.getByName("10.77.0.3");
        assertThat(tcpExchange(a, b, server)).isEqualTo("reply to hello over tcp");
        assertThat(udpExchange(a, b, server)).isEqualTo("reply to hello over udp");
    }

    @Test
    void tcpAndUdpOverIpv6(@Netns("a") NetworkNamespace a, @Netns("b") NetworkNamespace b) throws Exception {
        InetAddress server = InetAddress.getByName("fd77::3");
        assertThat(tcpExchange(a, b, server)).isEqualTo("reply to hello over tcp");
        assertThat(udpExchange(a, b, server)).isEqualTo("reply to hello over udp");
    }

    @Test
    void theOracleSeesBothPortsOnTheBridge(@Netns("host") NetworkNamespace host) throws Exception {
        String ports = Commands.run("ip", "-n", host.name().orElseThrow(), "-o", "link", "show", "master", BRIDGE);
        assertThat(ports).contains("vetha").contains("vethb");
    }

    /** A veth pair: {@code hostEnd} on the bridge, its peer created directly in {@code container} as eth0. */
    private static void attach(
            NetlinkHandle hostHandle, NetworkNamespace container, String hostEnd, String ipv4, String ipv6)
            throws KernelException {
        hostHandle.linkAdd(new LinkSpec.Veth(
                        LinkOptions.named(hostEnd).withMaster(BRIDGE).withUp(true),
                        LinkOptions.named("eth0"),
                        java.util.OptionalInt.empty())
                .withPeerNamespaceFd(container.fd()));
        try (NetlinkHandle inside = NetlinkHandle.openIn(container)) {
            inside.addrAdd("eth0", IpPrefix.parse(ipv4));
            inside.addrAdd("eth0", IpPrefix.parse(ipv6), AddressFlag.NODAD);
            inside.linkSetUp("eth0");
        }
    }

    private static String tcpExchange(NetworkNamespace client, NetworkNamespace server, InetAddress address)
            throws Exception {
        try (ServerSocket listener = server.callInside(() -> new ServerSocket(0, 1, address))) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> serveOnce(listener));
            // java.net.Socket makes its descriptor at connect: connect inside.
            try (Socket socket = client.callInside(() -> connect(address, listener.getLocalPort()))) {
                OutputStream out = socket.getOutputStream();
                out.write("hello over tcp".getBytes(StandardCharsets.US_ASCII));
                socket.shutdownOutput();
                String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                served.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                return reply;
            }
        }
    }

    private static Socket connect(InetAddress address, int port) throws java.io.IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        return socket;
    }

    private static void serveOnce(ServerSocket listener) {
        try (Socket accepted = listener.accept()) {
            accepted.setSoTimeout(TIMEOUT_MS);
            InputStream in = accepted.getInputStream();
            String request = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            accepted.getOutputStream().write(("reply to " + request).getBytes(StandardCharsets.US_ASCII));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String udpExchange(NetworkNamespace client, NetworkNamespace server, InetAddress address)
            throws Exception {
        try (DatagramSocket serverSocket =
                        server.callInside(() -> new DatagramSocket(new InetSocketAddress(address, 0)));
                DatagramSocket clientSocket = client.callInside(() -> new DatagramSocket(0))) {
            serverSocket.setSoTimeout(TIMEOUT_MS);
            clientSocket.setSoTimeout(TIMEOUT_MS);
            byte[] hello = "hello over udp".getBytes(StandardCharsets.US_ASCII);
            clientSocket.send(new DatagramPacket(hello, hello.length, serverSocket.getLocalSocketAddress()));
            DatagramPacket request = new DatagramPacket(new byte[64], 64);
            serverSocket.receive(request);
            byte[] reply = ("reply to "
                            + new String(request.getData(), 0, request.getLength(), StandardCharsets.US_ASCII))
                    .getBytes(StandardCharsets.US_ASCII);
            serverSocket.send(new DatagramPacket(reply, reply.length, request.getSocketAddress()));
            DatagramPacket answer = new DatagramPacket(new byte[64], 64);
            clientSocket.receive(answer);
            return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII);
        }
    }
}
