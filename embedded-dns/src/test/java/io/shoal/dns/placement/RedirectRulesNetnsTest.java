package io.shoal.dns.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.dns.firewall.DnsRedirectRules;
import io.shoal.net.IpAddresses;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.testing.NetnsExtension;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The redirect ruleset ({@link DnsRedirectRules}) in a real namespace, seen by plain sockets: what a client of
 * 127.0.0.11:53 sees through the stateless UDP rewrite and the TCP DNAT, and the ICMP port unreachable it still
 * recognises when nobody holds the listener's port.
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class RedirectRulesNetnsTest {
    private static final Inet4Address EMBEDDED = (Inet4Address) IpAddresses.parse("127.0.0.11");
    private static final InetSocketAddress PORT_53 = new InetSocketAddress(EMBEDDED, 53);
    private static final int WAIT_MILLIS = 10_000;

    @Test
    void aConnectedClientGetsTheListenersAnswerFromPort53(NetworkNamespace ns) throws Exception {
        try (DatagramSocket listener = ns.callInside(() -> new DatagramSocket(new InetSocketAddress(EMBEDDED, 0)));
                DatagramSocket client = ns.callInside(DatagramSocket::new)) {
            EmbeddedDns.applyInside(ns, DnsRedirectRules.ruleset(EMBEDDED, listener.getLocalPort(), 40999));
            client.connect(PORT_53); // a connected socket takes only datagrams from 127.0.0.11:53
            client.setSoTimeout(WAIT_MILLIS);
            listener.setSoTimeout(WAIT_MILLIS);

            send(client, "query");
            DatagramPacket query = receive(listener);
            byte[] answer = "answer".getBytes(StandardCharsets.US_ASCII);
            listener.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));

            assertThat(text(query)).isEqualTo("query");
            assertThat(query.getSocketAddress()).isEqualTo(client.getLocalSocketAddress());
            assertThat(text(receive(client))).isEqualTo("answer");
        }
    }

    @Test
    void aConnectedClientIsRefusedAtOnceWhenNobodyHoldsTheListenersPort(NetworkNamespace ns) throws Exception {
        int unheld;
        try (DatagramSocket probe = ns.callInside(() -> new DatagramSocket(new InetSocketAddress(EMBEDDED, 0)))) {
            unheld = probe.getLocalPort();
        }
        EmbeddedDns.applyInside(ns, DnsRedirectRules.ruleset(EMBEDDED, unheld, 40999));
        try (DatagramSocket client = ns.callInside(DatagramSocket::new)) {
            client.connect(PORT_53);
            client.setSoTimeout(WAIT_MILLIS);

            send(client, "query");

            // Without the ICMP rule the error quotes the rewritten port, the socket ignores it and the wait times out.
            assertThatThrownBy(() -> receive(client)).isInstanceOf(PortUnreachableException.class);
        }
    }

    @Test
    void tcpToPort53ReachesTheTcpListener(NetworkNamespace ns) throws Exception {
        try (ServerSocket listener = ns.callInside(() -> new ServerSocket(0, 1, EMBEDDED))) {
            EmbeddedDns.applyInside(ns, DnsRedirectRules.ruleset(EMBEDDED, 40998, listener.getLocalPort()));
            listener.setSoTimeout(WAIT_MILLIS);
            try (Socket client = ns.callInside(() -> new Socket(EMBEDDED, 53));
                    Socket accepted = listener.accept()) {
                client.setSoTimeout(WAIT_MILLIS);
                accepted.getOutputStream().write('!');

                assertThat(client.getInputStream().read()).isEqualTo('!');
                assertThat(client.getPort()).isEqualTo(53);
            }
        }
    }

    private static void send(DatagramSocket socket, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(bytes, bytes.length));
    }

    private static DatagramPacket receive(DatagramSocket socket) throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[512], 512);
        socket.receive(packet);
        return packet;
    }

    private static String text(DatagramPacket packet) {
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
    }
}
