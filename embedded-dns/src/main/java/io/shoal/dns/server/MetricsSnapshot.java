package io.shoal.dns.server;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Rcode;

/**
 * The resolver's counters at one moment.
 *
 * @param queries messages received (UDP datagrams and TCP frames), well-formed or not
 * @param dropped messages given no answer at all: too short for a header, or themselves responses
 * @param forwarded questions sent upstream
 * @param truncated answers sent over UDP with TC set
 * @param answersByRcode answers sent, indexed by RCODE (extended RCODEs above 15 included, 23 and above in the last)
 * @param latencyBuckets response times: index 0 under 1 us, index i in [2^(i-1), 2^i) us
 */
public record MetricsSnapshot(
        long queries,
        long dropped,
        long forwarded,
        long truncated,
        List<Long> answersByRcode,
        List<Long> latencyBuckets) {
    /** Copies the lists. */
    public MetricsSnapshot {
        answersByRcode = List.copyOf(answersByRcode);
        latencyBuckets = List.copyOf(latencyBuckets);
    }

    static MetricsSnapshot of(
            long queries, long dropped, long forwarded, long truncated, long[] answersByRcode, long[] latencyBuckets) {
        return new MetricsSnapshot(
                queries,
                dropped,
                forwarded,
                truncated,
                Arrays.stream(answersByRcode).boxed().toList(),
                Arrays.stream(latencyBuckets).boxed().toList());
    }

    /** Answers sent with {@code rcode} ({@link Rcode}). */
    public long answers(int rcode) {
        return answersByRcode.get(Math.min(rcode, answersByRcode.size() - 1));
    }

    /** All answers sent. */
    public long answers() {
        return answersByRcode.stream().mapToLong(Long::longValue).sum();
    }

    /** The smallest bucket bound (in microseconds) under which at least {@code fraction} of the answers took. */
    public long latencyMicrosAtMost(double fraction) {
        long total = latencyBuckets.stream().mapToLong(Long::longValue).sum();
        long seen = 0;
        for (int i = 0; i < latencyBuckets.size(); i++) {
            seen += latencyBuckets.get(i);
            if (total > 0 && seen >= Math.ceil(fraction * total)) {
                return 1L << i;
            }
        }
        return 1L << latencyBuckets.size();
    }

    /** Non-zero answer counts by RCODE name (NOERROR, NXDOMAIN, ...). */
    public Map<String, Long> answersByRcodeName() {
        Map<String, Long> named = new LinkedHashMap<>();
        for (int i = 0; i < answersByRcode.size(); i++) {
            if (answersByRcode.get(i) > 0) {
                named.put(Rcode.string(i), answersByRcode.get(i));
            }
        }
        return named;
    }

    @Override
    public String toString() {
        return "queries=" + queries + " dropped=" + dropped + " forwarded=" + forwarded + " truncated=" + truncated
                + " answers=" + answersByRcodeName() + " p50<=" + latencyMicrosAtMost(0.5) + "us p99<="
                + latencyMicrosAtMost(0.99) + "us";
    }
}
