package io.shoal.dns.server;

import static io.shoal.dns.server.Queries.ip;
import static io.shoal.dns.server.Queries.parse;
import static io.shoal.dns.server.Queries.query;
import static io.shoal.dns.server.Queries.queryWithEdns;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.shoal.dns.records.EndpointRecord;
import io.shoal.dns.records.NetworkDefinition;
import io.shoal.dns.records.RecordRegistry;
import io.shoal.dns.records.ReverseLookups;
import io.shoal.net.IpPrefix;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The UDP and TCP handlers in {@link EmbeddedChannel}s, answering from records and from a scripted upstream. */
class HandlerTest {
    private static final String CLIENT = "client0000000000";
    private static final InetSocketAddress CLIENT_ADDRESS = new InetSocketAddress(ip("127.0.0.1"), 40000);
    private static final InetSocketAddress SERVER_ADDRESS = new InetSocketAddress(ip("127.0.0.11"), 53);
    private static final InetSocketAddress UPSTREAM = new InetSocketAddress(ip("192.0.2.53"), 53);

    private final RecordRegistry records = new RecordRegistry();
    private final DnsMetrics metrics = new DnsMetrics();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ScriptedExchange upstream = new ScriptedExchange();
    private final QueryResponder responder = new QueryResponder(
            CLIENT,
            records,
            new Forwarder(List.of(UPSTREAM), ResolverSettings.defaults(), upstream, timer),
            metrics,
            0);
    private final EmbeddedChannel udp = new EmbeddedChannel(new UdpQueryHandler(responder, new ErrorLog()));
    private final EmbeddedChannel tcp = new EmbeddedChannel(
            new LengthFieldBasedFrameDecoder(65535, 0, 2, 0, 2),
            new LengthFieldPrepender(2),
            new TcpQueryHandler(responder, new ErrorLog()));

    HandlerTest() {
        records.join("net", EndpointRecord.of(CLIENT, "client", ip("172.20.0.9")));
        records.join(
                "net",
                new EndpointRecord(
                        "web000000000000000",
                        "web",
                        Optional.empty(),
                        Set.of("www"),
                        List.of(ip("172.20.0.2"), ip("fd00::2"))));
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
        udp.finishAndReleaseAll();
        tcp.finishAndReleaseAll();
    }

    @Test
    void answersAFromTheRecordsAuthoritativelyWithTtlZero() {
        Message response = askUdp(query("WWW.", Type.A));

        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(response.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(response.getHeader().getFlag(Flags.RA)).isTrue();
        assertThat(response.getQuestion().getName()).hasToString("WWW.");
        assertThat(response.getSection(Section.ANSWER))
                .containsExactly(new ARecord(name("WWW."), DClass.IN, 0, ip("172.20.0.2")));
    }

    @Test
    void answersAaaaAndPtr() throws Exception {
        assertThat(askUdp(query("web", Type.AAAA)).getSection(Section.ANSWER))
                .containsExactly(new AAAARecord(name("web."), DClass.IN, 0, ip("fd00::2")));
        Name reverse = ReverseMap.fromAddress("172.20.0.2");
        assertThat(askUdp(Message.newQuery(Record.newRecord(reverse, Type.PTR, DClass.IN)))
                        .getSection(Section.ANSWER))
                .containsExactly(new PTRRecord(reverse, DClass.IN, 0, name("web.")));
    }

    @Test
    void aKnownNameWithoutTheTypeIsNoDataNotNxdomain() {
        for (int type : new int[] {Type.MX, Type.SRV, Type.TXT}) {
            Message response = askUdp(query("web", type));
            assertThat(response.getRcode()).as(Type.string(type)).isEqualTo(Rcode.NOERROR);
            assertThat(response.getSection(Section.ANSWER))
                    .as(Type.string(type))
                    .isEmpty();
            assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        }
        assertThat(upstream.asked).isEmpty();
    }

    /** Issue 9, item 9: a reverse name only the engine can know is denied here and never forwarded. */
    @Test
    void aReverseLookupInAnOwnedSubnetThatNoEndpointHoldsIsNxdomainWithoutAskingUpstream() throws Exception {
        records.defineNetwork(
                NetworkDefinition.of("net", List.of(IpPrefix.parse("172.20.0.0/16"), IpPrefix.parse("fd00::/64"))));

        Message v4 = askUdp(ptrQuery("172.20.0.200"));
        Message v6 = askTcp(ptrQuery("fd00::200"));
        Message known = askUdp(ptrQuery("172.20.0.2"));

        for (Message response : List.of(v4, v6)) {
            assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
            assertThat(response.getSection(Section.ANSWER)).isEmpty();
        }
        assertThat(known.getSection(Section.ANSWER))
                .extracting(Record::rdataToString)
                .containsExactly("web.");
        assertThat(upstream.asked).isEmpty();
        assertThat(metrics.snapshot().forwarded()).isZero();
        assertThat(metrics.snapshot().answers(Rcode.NXDOMAIN)).isEqualTo(2);
    }

    @Test
    void aReverseLookupInAForwardedSubnetGoesUpstream() throws Exception {
        records.defineNetwork(NetworkDefinition.of("net", List.of(IpPrefix.parse("172.20.0.0/16")))
                .with(ReverseLookups.FORWARD_UNKNOWN));
        upstream.answer = query -> answer(query, Rcode.NOERROR);

        Message response = askUdp(ptrQuery("172.20.0.200"));

        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(upstream.asked).containsExactly("udp " + UPSTREAM);
    }

    @Test
    void anyAnswersWithBothAddresses() {
        assertThat(askUdp(query("web", Type.ANY)).getSection(Section.ANSWER))
                .extracting(Record::getType)
                .containsExactly(Type.A, Type.AAAA);
    }

    @Test
    void unknownNamesGoUpstreamAndTheAnswerComesBackUnderTheClientsId() {
        upstream.answer = query -> answer(query, Rcode.NXDOMAIN);
        Message query = query("nosuch.example", Type.A);

        Message response = askUdp(query);

        assertThat(response.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(upstream.asked).containsExactly("udp " + UPSTREAM);
        assertThat(metrics.snapshot().forwarded()).isEqualTo(1);
    }

    @Test
    void aFailedUpstreamGivesServfail() {
        upstream.answer = query -> {
            throw new IllegalStateException("down");
        };

        Message response = askUdp(query("nosuch.example", Type.A));

        assertThat(response.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(upstream.asked).hasSize(3);
    }

    @Test
    void aResponseTooBigForUdpIsTruncatedAndTcpCarriesItWhole() {
        joinAliasedEndpoints(100);

        Message overUdp = askUdp(query("api", Type.A));
        Message overUdpWithEdns = askUdp(queryWithEdns("api", Type.A, 1232));
        Message overTcp = askTcp(query("api", Type.A));

        assertThat(overUdp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(overUdpWithEdns.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(overUdpWithEdns.getOPT()).isNotNull();
        assertThat(overTcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(overTcp.getSection(Section.ANSWER)).hasSize(100);
        assertThat(metrics.snapshot().truncated()).isEqualTo(2);
    }

    @Test
    void anEdnsClientGetsUpToItsAdvertisedSize() {
        joinAliasedEndpoints(100);

        Message response = askUdp(queryWithEdns("api", Type.A, 4096));

        assertThat(response.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(response.getSection(Section.ANSWER)).hasSize(100);
        assertThat(response.getOPT().getPayloadSize()).isEqualTo(QueryResponder.MAX_UDP_PAYLOAD);
    }

    @Test
    void garbageAfterAHeaderIsFormerrAndShorterGarbageIsDropped() {
        byte[] header = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
        byte[] garbage = new byte[header.length + 5];
        System.arraycopy(header, 0, garbage, 0, header.length);
        garbage[12] = 63;

        Message response = parse(sendUdp(garbage));

        assertThat(response.getHeader().getID()).isEqualTo(0x1234);
        assertThat(response.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(response.getHeader().getFlag(Flags.RD)).isTrue();
        udp.writeInbound(
                new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), SERVER_ADDRESS, CLIENT_ADDRESS));
        assertThat(udp.outboundMessages()).isEmpty();
        assertThat(metrics.snapshot().dropped()).isEqualTo(1);
    }

    @Test
    void responsesAreNeverAnswered() {
        Message notAQuery = query("web", Type.A);
        notAQuery.getHeader().setFlag(Flags.QR);

        udp.writeInbound(
                new DatagramPacket(Unpooled.wrappedBuffer(notAQuery.toWire()), SERVER_ADDRESS, CLIENT_ADDRESS));

        assertThat(udp.outboundMessages()).isEmpty();
    }

    @Test
    void otherOpcodesClassesAndEdnsVersionsAreRefusedByTheirRules() {
        Message notify = query("web", Type.SOA);
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        Message chaos = Message.newQuery(Record.newRecord(name("version.bind."), Type.TXT, DClass.CH));
        Message ednsOne = query("web", Type.A);
        ednsOne.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);
        Message twoQuestions = query("web", Type.A);
        twoQuestions.addRecord(Record.newRecord(name("www."), Type.A, DClass.IN), Section.QUESTION);

        assertThat(askUdp(notify).getRcode()).isEqualTo(Rcode.NOTIMP);
        assertThat(askUdp(chaos).getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(askUdp(ednsOne).getRcode()).isEqualTo(Rcode.BADVERS);
        assertThat(askUdp(twoQuestions).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void tcpCarriesSeveralQueriesOnOneConnection() {
        Message first = askTcp(query("web", Type.A));
        Message second = askTcp(query("www", Type.AAAA));

        assertThat(first.getSection(Section.ANSWER)).hasSize(1);
        assertThat(second.getSection(Section.ANSWER)).hasSize(1);
        assertThat(tcp.isOpen()).isTrue();
    }

    @Test
    void metricsCountQueriesAndAnswersByRcode() {
        askUdp(query("web", Type.A));
        askUdp(query("web", Type.MX));
        upstream.answer = query -> answer(query, Rcode.NXDOMAIN);
        askUdp(query("elsewhere.example", Type.A));

        MetricsSnapshot snapshot = metrics.snapshot();
        assertThat(snapshot.queries()).isEqualTo(3);
        assertThat(snapshot.answers(Rcode.NOERROR)).isEqualTo(2);
        assertThat(snapshot.answers(Rcode.NXDOMAIN)).isEqualTo(1);
        assertThat(snapshot.latencyBuckets().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(3);
    }

    private void joinAliasedEndpoints(int count) {
        for (int i = 0; i < count; i++) {
            records.join(
                    "net",
                    new EndpointRecord(
                            "api-id-" + i,
                            "api-" + i,
                            Optional.empty(),
                            Set.of("api"),
                            List.of(ip("172.21." + (i / 200) + "." + (i % 200 + 1)))));
        }
    }

    private Message askUdp(Message query) {
        return parse(sendUdp(query.toWire()));
    }

    private byte[] sendUdp(byte[] wire) {
        udp.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(wire), SERVER_ADDRESS, CLIENT_ADDRESS));
        DatagramPacket response = udp.readOutbound();
        assertThat(response).as("a UDP response").isNotNull();
        assertThat(response.recipient()).isEqualTo(CLIENT_ADDRESS);
        try {
            return ByteBufUtil.getBytes(response.content());
        } finally {
            response.release();
        }
    }

    private Message askTcp(Message query) {
        byte[] wire = query.toWire();
        ByteBuf framed = Unpooled.buffer().writeShort(wire.length).writeBytes(wire);
        tcp.writeInbound(framed);
        // LengthFieldPrepender writes the length and the message as two buffers.
        ByteBuf response = Unpooled.buffer();
        for (ByteBuf part = tcp.readOutbound(); part != null; part = tcp.readOutbound()) {
            response.writeBytes(part);
            part.release();
        }
        assertThat(response.readableBytes()).as("a TCP response").isGreaterThan(2);
        try {
            int length = response.readUnsignedShort();
            assertThat(response.readableBytes()).isEqualTo(length);
            return parse(ByteBufUtil.getBytes(response));
        } finally {
            response.release();
        }
    }

    private static byte[] answer(byte[] query, int rcode) {
        Message parsed = parse(query);
        Message response = new Message(parsed.getHeader().getID());
        Header header = response.getHeader();
        header.setFlag(Flags.QR);
        header.setRcode(rcode);
        response.addRecord(parsed.getQuestion(), Section.QUESTION);
        return response.toWire();
    }

    private static Message ptrQuery(String address) throws java.net.UnknownHostException {
        return Message.newQuery(Record.newRecord(ReverseMap.fromAddress(address), Type.PTR, DClass.IN));
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text);
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** An upstream that answers at once (on the calling thread) with whatever the test scripted. */
    private static final class ScriptedExchange implements UpstreamExchange {
        final List<String> asked = new ArrayList<>();
        java.util.function.UnaryOperator<byte[]> answer = query -> {
            throw new AssertionError("nothing should be forwarded");
        };

        @Override
        public CompletableFuture<byte[]> udp(byte[] query, InetSocketAddress upstream, Duration timeout) {
            return exchange("udp", query, upstream);
        }

        @Override
        public CompletableFuture<byte[]> tcp(byte[] query, InetSocketAddress upstream, Duration timeout) {
            return exchange("tcp", query, upstream);
        }

        private CompletableFuture<byte[]> exchange(String how, byte[] query, InetSocketAddress upstream) {
            asked.add(how + " " + upstream);
            try {
                return CompletableFuture.completedFuture(answer.apply(query));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }
}
