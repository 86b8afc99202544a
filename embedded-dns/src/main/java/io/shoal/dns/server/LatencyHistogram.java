package io.shoal.dns.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of response times in power-of-two buckets of microseconds: bucket 0 holds times under 1 us, bucket {@code i}
 * holds times in [2^(i-1), 2^i) us, and the last bucket everything longer. Cheap enough to record every query.
 */
final class LatencyHistogram {
    static final int BUCKETS = 32;

    private final LongAdder[] counts = new LongAdder[BUCKETS];

    LatencyHistogram() {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = new LongAdder();
        }
    }

    void record(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        int bucket = micros == 0 ? 0 : 64 - Long.numberOfLeadingZeros(micros);
        counts[Math.min(bucket, BUCKETS - 1)].increment();
    }

    long[] snapshot() {
        long[] copy = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = counts[i].sum();
        }
        return copy;
    }
}
