package io.shoal.dns.server;

import static io.shoal.dns.server.Queries.ip;
import static io.shoal.dns.server.Queries.parse;
import static io.shoal.dns.server.Queries.query;
import static io.shoal.dns.server.Queries.queryWithEdns;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.shoal.dns.records.EndpointRecord;
import io.shoal.dns.records.RecordRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Repeated UDP questions answered from {@link AnswerCache}: the same bytes as a fresh answer but the ID, every change
 * of the records seen at once, round-robin names still rotating, and questions that differ beyond the ID kept apart.
 */
class AnswerCacheTest {
    private static final String CLIENT = "client0000000000";
    private static final InetSocketAddress CLIENT_ADDRESS = new InetSocketAddress(ip("127.0.0.1"), 40000);
    private static final InetSocketAddress SERVER_ADDRESS = new InetSocketAddress(ip("127.0.0.11"), 53);
    private static final InetSocketAddress UPSTREAM = new InetSocketAddress(ip("192.0.2.53"), 53);

    private final RecordRegistry records = new RecordRegistry();
    private final DnsMetrics metrics = new DnsMetrics();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final EmbeddedChannel udp;

    AnswerCacheTest() {
        UpstreamExchange nxdomain = new UpstreamExchange() {
            @Override
            public CompletableFuture<byte[]> udp(byte[] query, InetSocketAddress upstream, Duration timeout) {
                Message answer = parse(query);
                answer.getHeader().setFlag(Flags.QR);
                answer.getHeader().setRcode(Rcode.NXDOMAIN);
                return CompletableFuture.completedFuture(answer.toWire());
            }

            @Override
            public CompletableFuture<byte[]> tcp(byte[] query, InetSocketAddress upstream, Duration timeout) {
                return udp(query, upstream, timeout);
            }
        };
        QueryResponder responder = new QueryResponder(
                CLIENT,
                records,
                new Forwarder(List.of(UPSTREAM), ResolverSettings.defaults(), nxdomain, timer),
                metrics,
                0);
        udp = new EmbeddedChannel(new UdpQueryHandler(responder, new ErrorLog()));
        records.join("net", EndpointRecord.of(CLIENT, "client", ip("172.20.0.9")));
        records.join("net", EndpointRecord.of("web000000000000000", "web", ip("172.20.0.2")));
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
        udp.finishAndReleaseAll();
    }

    @Test
    void aRepeatedQuestionGetsTheFreshAnswersBytesUnderItsOwnId() {
        Message first = query("web", Type.A);
        first.getHeader().setID(0x1234);
        Message second = query("web", Type.A);
        second.getHeader().setID(0xBEEF);

        byte[] fresh = sendUdp(first.toWire());
        byte[] repeated = sendUdp(second.toWire());

        assertThat(parse(repeated).getHeader().getID()).isEqualTo(0xBEEF);
        assertThat(Arrays.copyOfRange(repeated, 2, repeated.length))
                .isEqualTo(Arrays.copyOfRange(fresh, 2, fresh.length));
        MetricsSnapshot counted = metrics.snapshot();
        assertThat(counted.queries()).isEqualTo(2);
        assertThat(counted.answers(Rcode.NOERROR)).isEqualTo(2);
    }

    @Test
    void everyChangeOfTheRecordsIsSeenByTheNextQuestion() {
        assertThat(addresses(askUdp(query("web", Type.A)))).containsExactly(ip("172.20.0.2"));

        records.leave("net", "web000000000000000");
        records.join("net", EndpointRecord.of("web000000000000000", "web", ip("172.20.0.3")));
        assertThat(addresses(askUdp(query("web", Type.A)))).containsExactly(ip("172.20.0.3"));

        records.leave("net", "web000000000000000");
        assertThat(askUdp(query("web", Type.A)).getRcode())
                .as("gone: forwarded")
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void aNameWithSeveralAddressesStillRotatesWithEveryAnswer() {
        for (int i = 1; i <= 3; i++) {
            records.join(
                    "net",
                    new EndpointRecord(
                            "api-id-" + i, "api-" + i, Optional.empty(), Set.of("api"), List.of(ip("172.21.0." + i))));
        }
        Set<InetAddress> firsts = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            List<InetAddress> answer = addresses(askUdp(query("api", Type.A)));
            assertThat(answer).hasSize(3);
            firsts.add(answer.get(0));
        }
        assertThat(firsts).as("each address first once in three answers").hasSize(3);
    }

    @Test
    void questionsThatDifferBeyondTheIdAreAnsweredApart() {
        Message withoutRecursion = query("web", Type.A);
        withoutRecursion.getHeader().unsetFlag(Flags.RD);

        assertThat(askUdp(query("web", Type.A)).getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(askUdp(withoutRecursion).getHeader().getFlag(Flags.RD)).isFalse();
        assertThat(askUdp(queryWithEdns("web", Type.A, 1232)).getOPT()).isNotNull();
        assertThat(askUdp(query("web", Type.A)).getOPT()).isNull();
        assertThat(askUdp(query("web", Type.AAAA)).getSection(Section.ANSWER)).isEmpty();
        assertThat(askUdp(query("client", Type.A)).getSection(Section.ANSWER))
                .extracting(record -> ((ARecord) record).getAddress())
                .containsExactly(ip("172.20.0.9"));
    }

    @Test
    void repeatedQuestionsOfDifferentLengthsAreEachAnsweredAsAsked() {
        // The handler reads every query into one reused buffer: a shorter query after a longer one must not be
        // matched with the longer one's leftover octets, nor the other way round.
        for (int round = 0; round < 3; round++) {
            assertThat(askUdp(queryWithEdns("web", Type.A, 1232)).getOPT()).isNotNull();
            assertThat(askUdp(query("web", Type.A)).getOPT()).isNull();
            assertThat(askUdp(query("client", Type.A)).getSection(Section.ANSWER))
                    .extracting(record -> ((ARecord) record).getAddress())
                    .containsExactly(ip("172.20.0.9"));
        }
        MetricsSnapshot counted = metrics.snapshot();
        assertThat(counted.queries()).isEqualTo(9);
        assertThat(counted.answers(Rcode.NOERROR)).isEqualTo(9);
    }

    @Test
    void freshAndRepeatedAnswersLeaveAsDirectBuffers() {
        for (int i = 0; i < 2; i++) {
            udp.writeInbound(new DatagramPacket(
                    Unpooled.wrappedBuffer(query("web", Type.A).toWire()), SERVER_ADDRESS, CLIENT_ADDRESS));
            DatagramPacket response = udp.readOutbound();
            try {
                // Netty's epoll transport copies a heap buffer into a direct one before sendmmsg(2).
                assertThat(response.content().isDirect())
                        .as("answer %d direct", i)
                        .isTrue();
                assertThat(response.recipient()).isEqualTo(CLIENT_ADDRESS);
            } finally {
                response.release();
            }
        }
    }

    private static List<InetAddress> addresses(Message response) {
        return response.getSection(Section.ANSWER).stream()
                .map(Record.class::cast)
                .map(record -> ((ARecord) record).getAddress())
                .toList();
    }

    private Message askUdp(Message query) {
        return parse(sendUdp(query.toWire()));
    }

    private byte[] sendUdp(byte[] wire) {
        udp.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(wire), SERVER_ADDRESS, CLIENT_ADDRESS));
        DatagramPacket response = udp.readOutbound();
        assertThat(response).as("a UDP response").isNotNull();
        try {
            return ByteBufUtil.getBytes(response.content());
        } finally {
            response.release();
        }
    }
}
