package io.shoal.dns.server;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one {@link DnsServer}, shared by its listeners; updated without locks on the event loops. */
public final class DnsMetrics {
    private static final int RCODES = 24;

    private final LongAdder queries = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder truncated = new LongAdder();
    private final LongAdder[] answersByRcode = new LongAdder[RCODES];
    private final LatencyHistogram latency = new LatencyHistogram();

    DnsMetrics() {
        for (int i = 0; i < RCODES; i++) {
            answersByRcode[i] = new LongAdder();
        }
    }

    void query() {
        queries.increment();
    }

    void dropped() {
        dropped.increment();
    }

    void forwarded() {
        forwarded.increment();
    }

    void answered(int rcode, boolean wasTruncated, long startNanos) {
        answeredAfter(rcode, wasTruncated, System.nanoTime() - startNanos);
    }

    /** One answer that took {@code latencyNanos} from the question's arrival. */
    void answeredAfter(int rcode, boolean wasTruncated, long latencyNanos) {
        answersByRcode[Math.min(rcode, RCODES - 1)].increment();
        if (wasTruncated) {
            truncated.increment();
        }
        latency.record(latencyNanos);
    }

    /** The counters as they are now. */
    public MetricsSnapshot snapshot() {
        long[] rcodes = new long[RCODES];
        for (int i = 0; i < RCODES; i++) {
            rcodes[i] = answersByRcode[i].sum();
        }
        return MetricsSnapshot.of(
                queries.sum(), dropped.sum(), forwarded.sum(), truncated.sum(), rcodes, latency.snapshot());
    }
}
