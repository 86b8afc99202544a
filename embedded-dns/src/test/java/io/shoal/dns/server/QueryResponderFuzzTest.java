package io.shoal.dns.server;

import static io.shoal.dns.server.Queries.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.dns.records.EndpointRecord;
import io.shoal.dns.records.RecordRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Throws random, cut-short and bit-flipped messages at the responder with a fixed seed: it must never throw, and every
 * answer it gives must parse and carry the query's ID.
 */
class QueryResponderFuzzTest {
    private static final long SEED = 20_260_611L;
    private static final int ROUNDS = 50_000;

    private final RecordRegistry records = new RecordRegistry();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final DnsMetrics metrics = new DnsMetrics();
    private final QueryResponder responder = new QueryResponder(
            "client", records, new Forwarder(List.of(), ResolverSettings.defaults(), null, timer), metrics, 0);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void noInputBreaksTheResponder() throws IOException {
        records.join("net", EndpointRecord.of("client", "client", ip("10.0.0.9")));
        records.join("net", EndpointRecord.of("web", "web", ip("10.0.0.2"), ip("fd00::2")));
        List<byte[]> seeds = List.of(
                Queries.query("web", Type.A).toWire(),
                Queries.queryWithEdns("web", Type.AAAA, 1232).toWire(),
                Queries.query("2.0.0.10.in-addr.arpa", Type.PTR).toWire(),
                Queries.query("elsewhere.example", Type.A).toWire());
        Random random = new Random(SEED);
        List<String> problems = new ArrayList<>();

        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = mutate(random, seeds.get(random.nextInt(seeds.size())));
            respondAndCheck(input, problems);
        }

        assertThat(problems).isEmpty();
        assertThat(metrics.snapshot().queries()).isEqualTo(ROUNDS);
        assertThat(metrics.snapshot().answers(Rcode.FORMERR)).isPositive();
        assertThat(metrics.snapshot().dropped()).isPositive();
    }

    private void respondAndCheck(byte[] input, List<String> problems) {
        List<byte[]> sent = new ArrayList<>();
        try {
            responder.respond(input, Transport.UDP, new ResponseSink() {
                @Override
                public void send(byte[] response) {
                    sent.add(response);
                }

                @Override
                public void drop() {}
            });
        } catch (RuntimeException e) {
            problems.add(hex(input) + " threw " + e);
            return;
        }
        for (byte[] response : sent) {
            try {
                Message parsed = new Message(response);
                int id = ((input[0] & 0xFF) << 8) | (input[1] & 0xFF);
                if (parsed.getHeader().getID() != id || response.length > QueryResponder.MAX_UDP_PAYLOAD) {
                    problems.add(hex(input) + " got a response with ID "
                            + parsed.getHeader().getID());
                }
            } catch (IOException e) {
                problems.add(hex(input) + " got an unparseable response: " + e);
            }
        }
    }

    private static byte[] mutate(Random random, byte[] seed) {
        return switch (random.nextInt(4)) {
            case 0 -> randomBytes(random, random.nextInt(600));
            case 1 -> java.util.Arrays.copyOf(seed, random.nextInt(seed.length + 1));
            case 2 -> {
                byte[] flipped = seed.clone();
                for (int i = 0, flips = 1 + random.nextInt(4); i < flips; i++) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                }
                yield flipped;
            }
            default -> {
                byte[] extended = java.util.Arrays.copyOf(seed, seed.length + random.nextInt(64));
                for (int i = seed.length; i < extended.length; i++) {
                    extended[i] = (byte) random.nextInt(256);
                }
                extended[5] = (byte) random.nextInt(4);
                extended[7] = (byte) random.nextInt(256);
                yield extended;
            }
        };
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
