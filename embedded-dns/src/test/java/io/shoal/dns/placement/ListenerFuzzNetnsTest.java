package io.shoal.dns.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.dns.records.EndpointRecord;
import io.shoal.dns.server.MetricsSnapshot;
import io.shoal.dns.server.ResolverSettings;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.testing.NetnsExtension;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Random and cut-short datagrams and TCP frames at a container's resolver (through the DNAT on port 53) while a client
 * in the same container keeps asking a real question: the client must keep getting the right answer, and the resolver
 * must still be serving at the end.
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class ListenerFuzzNetnsTest {
    private static final InetSocketAddress RESOLVER = new InetSocketAddress(ip("127.0.0.11"), 53);
    /** How many questions the client asks while garbage flies, and how much garbage must have flown meanwhile. */
    private static final int QUESTIONS = 200;

    private static final int GARBAGE = 1_000;

    /** Only a bound against a hang, not a speed requirement: a loaded machine may take long to send the garbage. */
    private static final Duration LIMIT = Duration.ofSeconds(90);

    private static final long SEED = 6_2026L;
    /**
     * How long one question may go unanswered, retried every 500 ms, before it counts as a stall. The flood makes the
     * resolver shed load (drop datagrams), and on a loaded machine (load 15+ on two cores) a few retries in a row are
     * starvation, not a stall: a resolver that stopped serving stays silent for the whole span and still fails.
     */
    private static final Duration STALL = Duration.ofSeconds(10);

    @Test
    void garbageNeitherStopsNorCorruptsTheAnswersOfAConcurrentClient(NetworkNamespace container) throws Exception {
        try (EmbeddedDns dns = EmbeddedDns.start(ResolverSettings.defaults().withEventLoopThreads(2))) {
            dns.records().join("net", EndpointRecord.of("client000000", "client", ip("10.40.0.9")));
            dns.records().join("net", EndpointRecord.of("web000000000", "web", ip("10.40.0.2")));
            try (ContainerResolver resolver = dns.attach("client000000", container, List.of())) {
                AtomicBoolean fuzzing = new AtomicBoolean(true);
                AtomicInteger garbageSent = new AtomicInteger();
                List<Throwable> fuzzerFailures = new ArrayList<>();
                Thread udpFuzzer = fuzzer("udp", () -> fuzzUdp(container, fuzzing, garbageSent), fuzzerFailures);
                Thread tcpFuzzer = fuzzer("tcp", () -> fuzzTcp(container, fuzzing, garbageSent), fuzzerFailures);

                ClientTally tally = askWhileFuzzing(container, garbageSent);
                fuzzing.set(false);
                udpFuzzer.join();
                tcpFuzzer.join();

                MetricsSnapshot metrics = dns.metrics();
                System.out.println("fuzz: " + garbageSent.get() + " bad messages, client " + tally.answered
                        + " correct answers (" + tally.retries + " retries, " + tally.unanswered + " unanswered); "
                        + metrics);
                assertThat(fuzzerFailures).isEmpty();
                assertThat(tally.wrong).as("wrong answers").isEmpty();
                assertThat(tally.unanswered)
                        .as("questions unanswered for " + STALL.toSeconds() + " s of retries")
                        .isZero();
                assertThat(tally.answered).isGreaterThanOrEqualTo(QUESTIONS);
                assertThat(garbageSent.get()).isGreaterThanOrEqualTo(GARBAGE);
                assertThat(metrics.answers(Rcode.FORMERR)).isPositive();
                assertThat(metrics.dropped()).isPositive();
                assertThat(resolver.listener().isOpen()).isTrue();
                assertThat(Dig.ask(container, "web").data()).containsExactly("10.40.0.2");
            }
        }
    }

    /** Asks {@link #QUESTIONS} questions, and goes on asking until {@link #GARBAGE} bad messages have been sent. */
    private static ClientTally askWhileFuzzing(NetworkNamespace container, AtomicInteger garbageSent) throws Exception {
        ClientTally tally = new ClientTally();
        Message query = Message.newQuery(Record.newRecord(Name.fromString("web."), Type.A, DClass.IN));
        Record expected = new ARecord(Name.fromString("web."), DClass.IN, 0, ip("10.40.0.2"));
        try (DatagramSocket socket = container.callInside(DatagramSocket::new)) {
            socket.setSoTimeout(500);
            long end = System.nanoTime() + LIMIT.toNanos();
            while ((tally.asked() < QUESTIONS || garbageSent.get() < GARBAGE) && System.nanoTime() < end) {
                Message response = askWithRetries(socket, query, tally);
                if (response == null) {
                    tally.unanswered++;
                } else if (response.getRcode() != Rcode.NOERROR
                        || !response.getSection(Section.ANSWER).equals(List.of(expected))) {
                    tally.wrong.add(response.toString());
                } else {
                    tally.answered++;
                }
            }
        }
        return tally;
    }

    private static Message askWithRetries(DatagramSocket socket, Message query, ClientTally tally) throws IOException {
        byte[] wire = query.toWire();
        byte[] buffer = new byte[4096];
        long giveUp = System.nanoTime() + STALL.toNanos();
        while (System.nanoTime() < giveUp) {
            socket.send(new DatagramPacket(wire, wire.length, RESOLVER));
            try {
                while (true) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    Message response = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                    if (response.getHeader().getID() == query.getHeader().getID()) {
                        return response;
                    }
                }
            } catch (SocketTimeoutException e) {
                tally.retries++;
            }
        }
        return null;
    }

    private static void fuzzUdp(NetworkNamespace container, AtomicBoolean fuzzing, AtomicInteger sent)
            throws Exception {
        Random random = new Random(SEED);
        byte[] valid = Message.newQuery(Record.newRecord(Name.fromString("web."), Type.A, DClass.IN))
                .toWire();
        try (DatagramSocket socket = container.callInside(DatagramSocket::new)) {
            while (fuzzing.get()) {
                byte[] garbage = garbage(random, valid);
                socket.send(new DatagramPacket(garbage, garbage.length, RESOLVER));
                sent.incrementAndGet();
                if (sent.get() % 2 == 0) {
                    // Up to 2,000 a second besides the TCP garbage: far beyond what a container sends, yet below what
                    // the resolver serves on a two-core machine, so an unanswered client means a stall, not a full
                    // socket buffer (a faster flood makes the kernel drop the client's datagrams too: load shedding).
                    Thread.sleep(1);
                }
            }
        }
    }

    private static void fuzzTcp(NetworkNamespace container, AtomicBoolean fuzzing, AtomicInteger sent)
            throws Exception {
        Random random = new Random(SEED + 1);
        byte[] valid = Message.newQuery(Record.newRecord(Name.fromString("web."), Type.A, DClass.IN))
                .toWire();
        while (fuzzing.get()) {
            try (Socket socket = container.callInside(() -> {
                Socket connected = new Socket();
                connected.connect(RESOLVER, 1000);
                return connected;
            })) {
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                byte[] garbage = garbage(random, valid);
                // A declared length that may not match what follows: the connection may be cut mid-frame.
                out.writeShort(random.nextBoolean() ? garbage.length : random.nextInt(65536));
                out.write(garbage);
                out.flush();
                sent.incrementAndGet();
            } catch (IOException e) {
                // The resolver closing a connection it found unusable is an acceptable outcome.
            }
        }
    }

    private static byte[] garbage(Random random, byte[] valid) {
        if (random.nextBoolean()) {
            byte[] bytes = new byte[random.nextInt(700)];
            random.nextBytes(bytes);
            return bytes;
        }
        byte[] cut = Arrays.copyOf(valid, random.nextInt(valid.length));
        if (cut.length > 3) {
            cut[random.nextInt(cut.length)] ^= (byte) random.nextInt(256);
        }
        return cut;
    }

    private static Thread fuzzer(String name, ThrowingRunnable body, List<Throwable> failures) {
        Thread thread = new Thread(
                () -> {
                    try {
                        body.run();
                    } catch (Exception | Error e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                },
                "fuzz-" + name);
        thread.start();
        return thread;
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static final class ClientTally {
        int answered;
        int unanswered;
        int retries;
        final List<String> wrong = new ArrayList<>();

        int asked() {
            return answered + unanswered + wrong.size();
        }
    }
}
