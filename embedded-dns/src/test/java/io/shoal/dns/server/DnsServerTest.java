package io.shoal.dns.server;

import static io.shoal.dns.server.Queries.ip;
import static io.shoal.dns.server.Queries.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.dns.records.EndpointRecord;
import io.shoal.dns.records.RecordRegistry;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** A real server with epoll sockets on 127.0.0.1 (free ports) and test upstreams on loopback; needs no root. */
class DnsServerTest {
    private static final String CLIENT = "client-container";
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

    private final RecordRegistry records = new RecordRegistry();
    private final DnsServer server = DnsServer.start(
            records,
            ResolverSettings.defaults()
                    // Tries of 1 s, two of them, 3 s in all: long enough that a loaded machine's pauses do not pass
                    // for a dead upstream (at load 20, 500 ms was too short for the TCP retry after a truncated
                    // answer), short enough to see the deadline before the client's own timeout (5 s).
                    .withForwarding(Duration.ofSeconds(1), 2, Duration.ofSeconds(3))
                    .withEventLoopThreads(2));
    private TestUpstream upstream;

    DnsServerTest() {
        records.join("net", EndpointRecord.of(CLIENT, "client", ip("172.20.0.9")));
        records.join(
                "net",
                new EndpointRecord("web-container", "web", Optional.empty(), Set.of("www"), List.of(ip("172.20.0.2"))));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void answersOverUdpAndTcpOnTheirOwnPorts() throws Exception {
        DnsListener listener = listen(List.of());

        Message overUdp = DnsClient.udp(listener.udpAddress(), query("www", Type.A), CLIENT_TIMEOUT);
        Message overTcp = DnsClient.tcp(listener.tcpAddress(), query("web", Type.A), CLIENT_TIMEOUT);

        assertThat(overUdp.getSection(Section.ANSWER)).hasSize(1);
        assertThat(overTcp.getSection(Section.ANSWER)).hasSize(1);
        assertThat(listener.udpAddress().getPort()).isNotZero();
        assertThat(listener.tcpAddress().getPort()).isNotZero();
    }

    @Test
    void aHundredAliasedEndpointsTruncateOverUdpAndArriveWholeOverTcp() throws Exception {
        for (int i = 0; i < 100; i++) {
            records.join(
                    "net",
                    new EndpointRecord(
                            "api-" + i,
                            "api-" + i,
                            Optional.empty(),
                            Set.of("api"),
                            List.of(ip("172.21.0." + (i + 1)))));
        }
        DnsListener listener = listen(List.of());

        Message overUdp = DnsClient.udp(listener.udpAddress(), query("api", Type.A), CLIENT_TIMEOUT);
        Message overTcp = DnsClient.tcp(listener.tcpAddress(), query("api", Type.A), CLIENT_TIMEOUT);

        assertThat(overUdp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(overTcp.getSection(Section.ANSWER)).hasSize(100);
    }

    @Test
    void forwardsUnknownNamesToTheUpstream() throws Exception {
        upstream = TestUpstream.start(TestUpstream.Mode.ANSWER, ip("127.0.0.1"));
        DnsListener listener = listen(List.of(upstream.address()));

        Message found = DnsClient.udp(listener.udpAddress(), query("host.upstream.test", Type.A), CLIENT_TIMEOUT);
        Message missing = DnsClient.udp(listener.udpAddress(), query("nosuch.example", Type.A), CLIENT_TIMEOUT);
        Message overTcp = DnsClient.tcp(listener.tcpAddress(), query("big.upstream.test", Type.A), CLIENT_TIMEOUT);

        assertThat(found.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(found.getSection(Section.ANSWER)).hasSize(1);
        assertThat(found.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(missing.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(overTcp.getSection(Section.ANSWER)).hasSize(TestUpstream.BIG_SIZE);
        assertThat(upstream.tcpQueries()).isEqualTo(1);
        assertThat(server.metrics().forwarded()).isEqualTo(3);
    }

    @Test
    void aTruncatedUpstreamAnswerIsFetchedAgainOverTcp() throws Exception {
        upstream = TestUpstream.start(TestUpstream.Mode.TRUNCATE_UDP, ip("127.0.0.1"));
        DnsListener listener = listen(List.of(upstream.address()));

        Message response = DnsClient.udp(listener.udpAddress(), query("host.upstream.test", Type.A), CLIENT_TIMEOUT);

        assertThat(response.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(response.getSection(Section.ANSWER)).hasSize(1);
        assertThat(upstream.udpQueries()).isEqualTo(1);
        assertThat(upstream.tcpQueries()).isEqualTo(1);
    }

    @Test
    void aDeadUpstreamGivesServfailWithinTheDeadline() throws Exception {
        upstream = TestUpstream.start(TestUpstream.Mode.SILENT, ip("127.0.0.1"));
        DnsListener listener = listen(List.of(upstream.address()));

        long start = System.nanoTime();
        Message response = DnsClient.udp(listener.udpAddress(), query("host.upstream.test", Type.A), CLIENT_TIMEOUT);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.getRcode()).isEqualTo(Rcode.SERVFAIL);
        // Not a speed check: both tries were waited for, and the SERVFAIL came before the client gave up.
        assertThat(took).isBetween(Duration.ofMillis(1900), CLIENT_TIMEOUT);
        assertThat(upstream.udpQueries()).isEqualTo(2);
    }

    @Test
    void aServfailingUpstreamIsPassedOverForTheNext() throws Exception {
        upstream = TestUpstream.start(TestUpstream.Mode.SERVFAIL, ip("127.0.0.1"));
        try (TestUpstream good = TestUpstream.start(TestUpstream.Mode.ANSWER, ip("127.0.0.1"))) {
            DnsListener listener = listen(List.of(upstream.address(), good.address()));

            Message response =
                    DnsClient.udp(listener.udpAddress(), query("host.upstream.test", Type.A), CLIENT_TIMEOUT);

            assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(good.udpQueries()).isEqualTo(1);
        }
    }

    @Test
    void aRefusingUpstreamIsPassedOverWithoutWaitingForItsTimeout() throws Exception {
        // Tries of 30 s: only the ICMP port unreachable of the first upstream can move the forwarder on to the second
        // before the client gives up.
        try (DnsServer patient = DnsServer.start(
                        records,
                        ResolverSettings.defaults()
                                .withForwarding(Duration.ofSeconds(30), 2, Duration.ofSeconds(60))
                                .withEventLoopThreads(1));
                TestUpstream good = TestUpstream.start(TestUpstream.Mode.ANSWER, ip("127.0.0.1"))) {
            DnsListener listener = patient.startListener(ListenerSpec.onFreePorts(
                    CLIENT,
                    ip("127.0.0.1"),
                    List.of(closedUdpPort(), good.address()),
                    SocketPlacement.CURRENT_NAMESPACE));

            Message response =
                    DnsClient.udp(listener.udpAddress(), query("host.upstream.test", Type.A), CLIENT_TIMEOUT);

            assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(good.udpQueries()).isEqualTo(1);
        }
    }

    @Test
    void anUpstreamThatRefusedIsAskedAgainOnceItListens() throws Exception {
        InetSocketAddress later = closedUdpPort();
        DnsListener listener = listen(List.of(later));

        Message refused = DnsClient.udp(listener.udpAddress(), query("host.upstream.test", Type.A), CLIENT_TIMEOUT);
        upstream = TestUpstream.start(TestUpstream.Mode.ANSWER, later.getAddress(), later.getPort());
        Message answered = DnsClient.udp(listener.udpAddress(), query("host.upstream.test", Type.A), CLIENT_TIMEOUT);

        assertThat(refused.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(answered.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(upstream.udpQueries()).isEqualTo(1);
    }

    @Test
    void withoutUpstreamsUnknownNamesGetServfailAtOnce() throws Exception {
        DnsListener listener = listen(List.of());

        Message response = DnsClient.udp(listener.udpAddress(), query("nosuch.example", Type.A), CLIENT_TIMEOUT);

        assertThat(response.getRcode()).isEqualTo(Rcode.SERVFAIL);
    }

    @Test
    void aClosedListenerAnswersNoMoreAndFreesItsPorts() throws Exception {
        DnsListener listener = listen(List.of());
        InetSocketAddress udp = listener.udpAddress();

        listener.close();

        assertThat(listener.isOpen()).isFalse();
        assertThat(server.listenerCount()).isZero();
        assertThatThrownBy(() -> DnsClient.udp(udp, query("web", Type.A), Duration.ofMillis(200)))
                .isInstanceOfAny(SocketTimeoutException.class, java.net.PortUnreachableException.class);
        try (DnsListener again = server.startListener(new ListenerSpec(
                CLIENT, ip("127.0.0.1"), udp.getPort(), 0, List.of(), SocketPlacement.CURRENT_NAMESPACE))) {
            assertThat(again.udpAddress()).isEqualTo(udp);
        }
    }

    @Test
    void aPortInUseFailsNamingTheContainerAndTheAddress() throws Exception {
        DnsListener first = listen(List.of());
        int taken = first.tcpAddress().getPort();

        assertThatThrownBy(() -> server.startListener(new ListenerSpec(
                        "other", ip("127.0.0.1"), 0, taken, List.of(), SocketPlacement.CURRENT_NAMESPACE)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("bind TCP 127.0.0.1:" + taken + " for container other");
        assertThat(server.listenerCount()).isEqualTo(1);
    }

    @Test
    void severalUdpSocketsShareOnePortAndAllAnswer() throws Exception {
        try (DnsServer shared = DnsServer.start(
                        records,
                        ResolverSettings.defaults().withEventLoopThreads(2).withUdpSocketsPerListener(2));
                DnsListener listener = shared.startListener(ListenerSpec.onFreePorts(
                        CLIENT, ip("127.0.0.1"), List.of(), SocketPlacement.CURRENT_NAMESPACE))) {
            for (int client = 0; client < 20; client++) {
                Message response = DnsClient.udp(listener.udpAddress(), query("web", Type.A), CLIENT_TIMEOUT);
                assertThat(response.getSection(Section.ANSWER)).hasSize(1);
            }
            assertThat(shared.metrics().queries()).isEqualTo(20);
        }
    }

    @Test
    void listenersOpenedAndClosedLeaveNothingBehind() throws Exception {
        int before = server.listenerCount();
        for (int i = 0; i < 250; i++) {
            listen(List.of()).close();
        }
        // Their cost is measured by bench/ (docs/performance.md), not asserted here.
        assertThat(server.listenerCount()).isEqualTo(before);
    }

    private DnsListener listen(List<InetSocketAddress> upstreams) throws IOException {
        return server.startListener(
                ListenerSpec.onFreePorts(CLIENT, ip("127.0.0.1"), upstreams, SocketPlacement.CURRENT_NAMESPACE));
    }

    /** A loopback UDP port nobody listens on: the kernel answers a datagram to it with ICMP port unreachable. */
    private static InetSocketAddress closedUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(ip("127.0.0.1"), 0))) {
            return new InetSocketAddress(ip("127.0.0.1"), socket.getLocalPort());
        }
    }
}
