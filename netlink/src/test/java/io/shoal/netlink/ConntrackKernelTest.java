package io.shoal.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.ConntrackFlow.Protocol;
import io.shoal.netlink.testing.Commands;
import io.shoal.netlink.testing.Netns;
import io.shoal.netlink.testing.NetnsExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real conntrack entries: a client namespace reaches a server namespace through a "host" namespace that routes
 * between them and DNATs published ports with nftables (the way the bridge driver publishes), for UDP and TCP over
 * IPv4 and UDP over IPv6. The API's view of the host's table is cross-checked with conntrack(8) when it is installed,
 * else with /proc/net/nf_conntrack, and selective deletes must leave every other flow in place.
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class ConntrackKernelTest {
    private static final InetAddress HOST = IpAddresses.parse("10.88.1.1");
    private static final InetAddress CLIENT = IpAddresses.parse("10.88.1.2");
    private static final InetAddress SERVER = IpAddresses.parse("10.88.2.2");
    private static final InetAddress HOST6 = IpAddresses.parse("fd88:1::1");
    private static final InetAddress CLIENT6 = IpAddresses.parse("fd88:1::2");
    private static final InetAddress SERVER6 = IpAddresses.parse("fd88:2::2");
    private static final int TIMEOUT_MS = 5_000;
    private static final int RESEND_MS = 200;

    private NetworkNamespace host;
    private NetworkNamespace client;
    private NetworkNamespace server;

    @BeforeEach
    void plumb(
            @Netns("host") NetworkNamespace host,
            @Netns("client") NetworkNamespace client,
            @Netns("server") NetworkNamespace server)
            throws Exception {
        this.host = host;
        this.client = client;
        this.server = server;
        try (NetlinkHandle hostHandle = NetlinkHandle.openIn(host)) {
            link(hostHandle, client, "ctc", "10.88.1", "fd88:1::");
            link(hostHandle, server, "cts", "10.88.2", "fd88:2::");
        }
        Sysctl sysctl = Sysctl.of(host);
        sysctl.setIpv4Forwarding(true);
        sysctl.setIpv6Forwarding("all", true);
        try (Nftables nft = Nftables.in(host)) {
            nft.apply(
                    """
                    table inet publish {
                      chain pre {
                        type nat hook prerouting priority dstnat; policy accept;
                        ip daddr 10.88.1.1 udp dport 5353 dnat ip to 10.88.2.2:53
                        ip daddr 10.88.1.1 udp dport 5354 dnat ip to 10.88.2.2:54
                        ip daddr 10.88.1.1 tcp dport 8080 dnat ip to 10.88.2.2:7000
                        ip6 daddr fd88:1::1 udp dport 5353 dnat ip6 to [fd88:2::2]:53
                      }
                    }
                    """);
        }
    }

    @Test
    void listsDnatFlowsOfEveryFamilyAndProtocolAsTheKernelShowsThem() throws Exception {
        udp(CLIENT, 40000, HOST, 5353, SERVER, 53);
        udp(CLIENT6, 40000, HOST6, 5353, SERVER6, 53);
        tcp(CLIENT, HOST, 8080, SERVER, 7000);

        try (Conntrack conntrack = Conntrack.in(host)) {
            List<ConntrackFlow> udp = conntrack.list(IpFamily.IPV4, Protocol.UDP);
            assertThat(udp).singleElement().satisfies(flow -> {
                assertThat(flow.original()).isEqualTo(new ConntrackFlow.Tuple(CLIENT, 40000, HOST, 5353));
                assertThat(flow.reply()).isEqualTo(new ConntrackFlow.Tuple(SERVER, 53, CLIENT, 40000));
                assertThat(flow.timeoutSeconds()).isPositive();
            });
            assertThat(conntrack.list(IpFamily.IPV6, Protocol.UDP))
                    .singleElement()
                    .satisfies(flow ->
                            assertThat(flow.reply()).isEqualTo(new ConntrackFlow.Tuple(SERVER6, 53, CLIENT6, 40000)));
            assertThat(conntrack.list(IpFamily.IPV4, Protocol.TCP))
                    .singleElement()
                    .satisfies(flow -> assertThat(flow.reply().source()).isEqualTo(SERVER));
            assertThat(describe(conntrack.list(IpFamily.ANY))).containsExactlyInAnyOrderElementsOf(oracle());
            assertThat(conntrack.count()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void deletesOnlyTheFlowsTranslatedToOneTarget() throws Exception {
        udp(CLIENT, 40000, HOST, 5353, SERVER, 53);
        udp(CLIENT, 40001, HOST, 5353, SERVER, 53);
        udp(CLIENT, 40000, HOST, 5354, SERVER, 54);
        tcp(CLIENT, HOST, 8080, SERVER, 7000);
        try (Conntrack conntrack = Conntrack.in(host)) {
            List<String> before = oracle();

            assertThat(conntrack.deleteByReplySource(Protocol.UDP, SERVER, OptionalInt.of(53)))
                    .isEqualTo(2);

            assertThat(oracle())
                    .containsExactlyInAnyOrderElementsOf(before.stream()
                            .filter(f -> !f.contains("reply " + SERVER.getHostAddress() + ":53 "))
                            .toList())
                    .hasSize(2);
        }
    }

    @Test
    void deletesTheFlowsSentToOneHostPortOfOneProtocol() throws Exception {
        udp(CLIENT, 40000, HOST, 5353, SERVER, 53);
        udp(CLIENT, 40000, HOST, 5354, SERVER, 54);
        udp(CLIENT6, 40000, HOST6, 5353, SERVER6, 53);
        tcp(CLIENT, HOST, 8080, SERVER, 7000);
        try (Conntrack conntrack = Conntrack.in(host)) {
            assertThat(conntrack.deleteByOriginalDestination(IpFamily.IPV4, Protocol.TCP, Optional.empty(), 5353))
                    .isZero();
            assertThat(conntrack.deleteByOriginalDestination(IpFamily.ANY, Protocol.UDP, Optional.of(HOST), 5353))
                    .isEqualTo(1);

            assertThat(oracle())
                    .hasSize(3)
                    .noneMatch(f -> f.startsWith(
                            "udp " + CLIENT.getHostAddress() + ":40000 -> " + HOST.getHostAddress() + ":5353 "));
            assertThat(conntrack.deleteByOriginalDestination(IpFamily.ANY, Protocol.UDP, Optional.empty(), 5353))
                    .isEqualTo(1);
            assertThat(conntrack.list(IpFamily.ANY, Protocol.UDP))
                    .singleElement()
                    .satisfies(f -> assertThat(f.original().destinationPort()).isEqualTo(5354));
        }
    }

    @Test
    void aFlowThatIsGoneAlreadyIsNotAnError() throws Exception {
        udp(CLIENT, 40000, HOST, 5353, SERVER, 53);
        try (Conntrack conntrack = Conntrack.in(host)) {
            ConntrackFlow flow = conntrack.list(IpFamily.IPV4, Protocol.UDP).get(0);
            assertThat(conntrack.delete(flow)).isTrue();
            assertThat(conntrack.delete(flow)).isFalse();

            // A new entry with the same tuple is found and deleted afresh.
            udp(CLIENT, 40000, HOST, 5353, SERVER, 53);
            assertThat(conntrack.deleteByReplySource(Protocol.UDP, SERVER, OptionalInt.of(53)))
                    .isEqualTo(1);
            assertThat(conntrack.list(IpFamily.IPV4, Protocol.UDP)).isEmpty();
        }
    }

    @Test
    void eachNamespaceHasItsOwnTable(@Netns("other") NetworkNamespace other) throws Exception {
        udp(CLIENT, 40000, HOST, 5353, SERVER, 53);
        try (Conntrack elsewhere = Conntrack.in(other)) {
            assertThat(elsewhere.list(IpFamily.ANY)).isEmpty();
            assertThat(elsewhere.deleteByReplySource(Protocol.UDP, SERVER, OptionalInt.empty()))
                    .isZero();
        }
        try (Conntrack conntrack = Conntrack.in(host)) {
            assertThat(conntrack.list(IpFamily.ANY)).hasSize(1);
        }
    }

    // ---- traffic ------------------------------------------------------------------------------------------------

    /** One datagram from the client's fixed port to the host's published port, received by the server. */
    private void udp(InetAddress from, int fromPort, InetAddress to, int toPort, InetAddress target, int targetPort)
            throws Exception {
        try (DatagramSocket receiver =
                        server.callInside(() -> new DatagramSocket(new InetSocketAddress(target, targetPort)));
                DatagramSocket sender = client.callInside(() -> {
                    DatagramSocket socket = new DatagramSocket(null);
                    socket.setReuseAddress(true);
                    socket.bind(new InetSocketAddress(from, fromPort));
                    return socket;
                })) {
            byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
            DatagramPacket received = new DatagramPacket(new byte[16], 16);
            receiver.setSoTimeout(RESEND_MS);
            long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000L;
            // UDP may drop the first datagram (while the route's neighbour is resolved, say): sent again until one
            // arrives. Every resend has the same addresses and ports, so the kernel keeps one flow for all of them.
            while (true) {
                sender.send(new DatagramPacket(ping, ping.length, to, toPort));
                try {
                    receiver.receive(received);
                    break;
                } catch (SocketTimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
            }
            assertThat(received.getAddress()).isEqualTo(from);
        }
    }

    /** One TCP connection from the client to the host's published port, accepted by the server. */
    private void tcp(InetAddress from, InetAddress to, int toPort, InetAddress target, int targetPort)
            throws Exception {
        try (ServerSocket listener = server.callInside(() -> new ServerSocket(targetPort, 1, target));
                Socket socket = client.callInside(() -> {
                    Socket s = new Socket();
                    s.bind(new InetSocketAddress(from, 0));
                    s.connect(new InetSocketAddress(to, toPort), TIMEOUT_MS);
                    return s;
                });
                Socket accepted = listener.accept()) {
            assertThat(accepted.getInetAddress()).isEqualTo(from);
        }
    }

    private static void link(NetlinkHandle hostHandle, NetworkNamespace inside, String name, String v4, String v6)
            throws KernelException {
        hostHandle.linkAdd(new LinkSpec.Veth(
                        LinkOptions.named(name).withUp(true), LinkOptions.named(name + "p"), OptionalInt.empty())
                .withPeerIn(inside));
        int hostEnd = hostHandle.linkIndex(name);
        hostHandle.addrAdd(hostEnd, IpPrefix.parse(v4 + ".1/24"));
        hostHandle.addrAdd(hostEnd, IpPrefix.parse(v6 + "1/64"), AddressFlag.NODAD);
        try (NetlinkHandle handle = NetlinkHandle.openIn(inside)) {
            int peer = handle.linkIndex(name + "p");
            handle.addrAdd(peer, IpPrefix.parse(v4 + ".2/24"));
            handle.addrAdd(peer, IpPrefix.parse(v6 + "2/64"), AddressFlag.NODAD);
            handle.linkSetUp(name + "p");
            handle.routeAdd(Route.defaultVia(IpAddresses.parse(v4 + ".1")).dev(peer));
            handle.routeAdd(Route.defaultVia(IpAddresses.parse(v6 + "1")).dev(peer));
            awaitOperationallyUp(handle, name + "p");
        }
        awaitOperationallyUp(hostHandle, name);
    }

    /**
     * The kernel's link watch gives a new veth pair its carrier asynchronously; until then the device's queue drops
     * every packet, so a test's single datagram sent at once could be lost (seen once in CI).
     */
    private static void awaitOperationallyUp(NetlinkHandle handle, String name) throws KernelException {
        long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000L;
        while (handle.linkGet(name).operState() != OperState.UP) {
            assertThat(System.nanoTime() - deadline)
                    .as("%s operationally up within %d ms", name, TIMEOUT_MS)
                    .isNegative();
            LockSupport.parkNanos(1_000_000L);
        }
    }

    // ---- oracle -------------------------------------------------------------------------------------------------

    private static final Pattern ENTRY = Pattern.compile("\\b(tcp|udp)\\s+\\d+\\s+.*?"
            + "src=(\\S+) dst=(\\S+) sport=(\\d+) dport=(\\d+) .*?src=(\\S+) dst=(\\S+) sport=(\\d+) dport=(\\d+)");

    private static List<String> describe(List<ConntrackFlow> flows) {
        return flows.stream()
                .map(f -> f.protocol().name().toLowerCase(Locale.ROOT) + " " + f.original() + " reply " + f.reply())
                .toList();
    }

    /**
     * The host's TCP and UDP entries as conntrack(8) lists them, or as /proc/net/nf_conntrack shows them when the tool
     * is not installed, in the form of {@link #describe}.
     */
    private List<String> oracle() throws Exception {
        String table = Files.isExecutable(Path.of("/usr/sbin/conntrack"))
                ? Commands.run("nsenter", "--net=" + host.path(), "/usr/sbin/conntrack", "-L")
                : host.callInside(() -> readProc());
        List<String> flows = new ArrayList<>();
        for (String line : table.split("\n", -1)) {
            Matcher m = ENTRY.matcher(line);
            if (m.find()) {
                flows.add(m.group(1) + " " + tuple(m, 2) + " reply " + tuple(m, 6));
            }
        }
        return flows;
    }

    private static String tuple(Matcher m, int group) {
        return new ConntrackFlow.Tuple(
                        IpAddresses.parse(m.group(group)),
                        Integer.parseInt(m.group(group + 2)),
                        IpAddresses.parse(m.group(group + 1)),
                        Integer.parseInt(m.group(group + 3)))
                .toString();
    }

    /** /proc/thread-self/net shows the reading thread's namespace (proc(5)), which callInside makes the host's. */
    private static String readProc() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("/proc/thread-self/net/nf_conntrack"))) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
