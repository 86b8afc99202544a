package io.shoal.driver.bridge;

import static io.shoal.driver.bridge.BridgeDrivers.endpointId;
import static io.shoal.driver.bridge.BridgeDrivers.join;
import static io.shoal.driver.bridge.BridgeDrivers.networkId;
import static io.shoal.driver.bridge.BridgeDrivers.v4;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.driver.support.testing.MapDriverStore;
import io.shoal.driver.support.testing.Uplinks;
import io.shoal.net.IpAddresses;
import io.shoal.netlink.Conntrack;
import io.shoal.netlink.ConntrackFlow;
import io.shoal.netlink.IpFamily;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.testing.Netns;
import io.shoal.netlink.testing.NetnsExtension;
import io.shoal.spi.PortBinding;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 9, item 6: a published UDP port changes hands while a client keeps its source port. The "host" namespace
 * plays the machine, with an uplink to a "client" namespace (192.0.2.1 here, 192.0.2.2 there, RFC 5737 TEST-NET-1);
 * containers A and B are sandboxes joined to one bridge network.
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class StaleFlowsKernelTest {
    private static final InetAddress HOST_UPLINK = IpAddresses.parse("192.0.2.1");
    private static final InetAddress CLIENT = IpAddresses.parse("192.0.2.2");
    private static final InetAddress A = IpAddresses.parse("10.78.0.2");
    private static final InetAddress B = IpAddresses.parse("10.78.0.3");
    private static final String WEB = networkId(1);
    private static final int CLIENT_PORT = 40053;
    private static final int ATTEMPTS = 3;
    private static final int ANSWER_TIMEOUT_MS = 1_000;

    private final MapDriverStore store = new MapDriverStore();
    private BridgeNetworkDriver driver;
    private DatagramSocket client;

    @BeforeEach
    void wireHostToClient(@Netns("host") NetworkNamespace host, @Netns("client") NetworkNamespace clientSide)
            throws Exception {
        Uplinks.wire(host, "uplink", List.of("192.0.2.1/24"), clientSide, List.of("192.0.2.2/24"));
        driver = BridgeDrivers.create(host, store);
        driver.createNetwork(v4(WEB, "web", "10.78.0.0/24", Map.of()));
        // One socket, one source port, for the whole test: the client a stale entry would keep misrouting.
        client = clientSide.callInside(() -> new DatagramSocket(new InetSocketAddress(CLIENT, CLIENT_PORT)));
        client.setSoTimeout(ANSWER_TIMEOUT_MS);
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void theSameClientPortReachesTheNewOwnerOfAPublishedUdpPort(NetworkNamespace a, NetworkNamespace b)
            throws Exception {
        join(driver, WEB, 2, a, "10.78.0.2/24", null);
        publishUdp(2);
        try (Responder inA = new Responder(a, A, "A")) {
            assertThat(ask()).as("before A leaves").contains("A");
        }
        driver.leave(WEB, endpointId(2));

        join(driver, WEB, 3, b, "10.78.0.3/24", null);
        publishUdp(3);
        try (Responder inB = new Responder(b, B, "B")) {
            assertThat(ask()).as("after B published the port").contains("B");
        }
    }

    @Test
    void datagramsSentWhileNobodyPublishedDoNotHideTheNewOwner(NetworkNamespace a, NetworkNamespace b)
            throws Exception {
        join(driver, WEB, 2, a, "10.78.0.2/24", null);
        publishUdp(2);
        try (Responder inA = new Responder(a, A, "A")) {
            assertThat(ask()).contains("A");
        }
        driver.leave(WEB, endpointId(2));
        // Nothing publishes the port: these reach the host itself and leave an untranslated entry behind.
        assertThat(ask()).as("while unpublished").isEmpty();

        join(driver, WEB, 3, b, "10.78.0.3/24", null);
        publishUdp(3);
        try (Responder inB = new Responder(b, B, "B")) {
            assertThat(ask()).as("after B published the port").contains("B");
        }
    }

    @Test
    void aDepartedEndpointLeavesNoFlowBehindTcpIncluded(
            @Netns("host") NetworkNamespace host, @Netns("client") NetworkNamespace clientSide, NetworkNamespace a)
            throws Exception {
        join(driver, WEB, 2, a, "10.78.0.2/24", null);
        driver.programExternalConnectivity(
                WEB, endpointId(2), List.of(new PortBinding(PortBinding.Protocol.TCP, Optional.empty(), 8080, 7000)));
        try (Conntrack conntrack = Conntrack.in(host);
                ServerSocket server = a.callInside(() -> new ServerSocket(7000, 1, A));
                Socket connection = clientSide.callInside(() -> {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(HOST_UPLINK, 8080), 5_000);
                    return s;
                });
                Socket accepted = server.accept()) {
            assertThat(flowsOf(conntrack, A)).as("while A serves").hasSize(1);

            driver.leave(WEB, endpointId(2));
            driver.awaitTeardown(Duration.ofSeconds(30)); // the flush runs in the background

            // The connection is still open at both ends, but nothing routes between them any more.
            assertThat(flowsOf(conntrack, A)).as("after A left").isEmpty();
        }
    }

    private static List<ConntrackFlow> flowsOf(Conntrack conntrack, InetAddress address) throws KernelException {
        return conntrack.list(IpFamily.IPV4).stream()
                .filter(f -> f.involves(address))
                .toList();
    }

    /** Asks the published port from the client's fixed source port; the answer names who replied. */
    private Optional<String> ask() throws IOException {
        byte[] question = "who".getBytes(StandardCharsets.US_ASCII);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            client.send(new DatagramPacket(question, question.length, HOST_UPLINK, 5353));
            DatagramPacket answer = new DatagramPacket(new byte[16], 16);
            try {
                client.receive(answer);
                return Optional.of(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII));
            } catch (SocketTimeoutException e) {
                // The same source port again: a stale entry would misroute every attempt.
            }
        }
        return Optional.empty();
    }

    private void publishUdp(int n) {
        driver.programExternalConnectivity(
                WEB, endpointId(n), List.of(new PortBinding(PortBinding.Protocol.UDP, Optional.empty(), 5353, 53)));
    }

    /** A UDP server on port 53 of a sandbox that answers every datagram with its own name. */
    private static final class Responder implements AutoCloseable {
        private final DatagramSocket socket;

        Responder(NetworkNamespace sandbox, InetAddress address, String name) throws KernelException, IOException {
            socket = sandbox.<DatagramSocket, IOException>callInside(
                    () -> new DatagramSocket(new InetSocketAddress(address, 53)));
            byte[] reply = name.getBytes(StandardCharsets.US_ASCII);
            Thread thread = new Thread(() -> serve(reply), "responder-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        private void serve(byte[] reply) {
            while (!socket.isClosed()) {
                try {
                    DatagramPacket question = new DatagramPacket(new byte[16], 16);
                    socket.receive(question);
                    socket.send(new DatagramPacket(reply, reply.length, question.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
