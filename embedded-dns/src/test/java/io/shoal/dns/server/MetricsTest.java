package io.shoal.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

class MetricsTest {
    @Test
    void latencyBucketsArePowersOfTwoOfMicroseconds() {
        LatencyHistogram histogram = new LatencyHistogram();

        histogram.record(500);
        histogram.record(1_500);
        histogram.record(3_000);
        histogram.record(3_999);
        histogram.record(Long.MAX_VALUE);

        long[] buckets = histogram.snapshot();
        assertThat(buckets[0]).isEqualTo(1);
        assertThat(buckets[1]).isEqualTo(1);
        assertThat(buckets[2]).isEqualTo(2);
        assertThat(buckets[LatencyHistogram.BUCKETS - 1]).isEqualTo(1);
    }

    @Test
    void percentilesAndRcodeNamesComeFromTheCounts() {
        DnsMetrics metrics = new DnsMetrics();
        for (int i = 0; i < 99; i++) {
            metrics.answeredAfter(Rcode.NOERROR, false, 20_000);
        }
        metrics.answeredAfter(Rcode.NXDOMAIN, true, 5_000_000);

        MetricsSnapshot snapshot = metrics.snapshot();
        assertThat(snapshot.answers()).isEqualTo(100);
        assertThat(snapshot.truncated()).isEqualTo(1);
        assertThat(snapshot.answersByRcodeName()).containsEntry("NOERROR", 99L).containsEntry("NXDOMAIN", 1L);
        assertThat(snapshot.latencyMicrosAtMost(1.0)).isEqualTo(8192);
        assertThat(snapshot.latencyMicrosAtMost(0.5)).isLessThan(8192);
    }
}
