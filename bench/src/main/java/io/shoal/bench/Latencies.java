package io.shoal.bench;

import java.util.Arrays;
import java.util.Locale;

/** Latency samples in nanoseconds, summarised as the benchmarks report them: median, p99, mean, max (ms). */
public final class Latencies {
    private final long[] samples;
    private int count;

    public Latencies(int capacity) {
        samples = new long[capacity];
    }

    public synchronized void add(long nanos) {
        samples[count++] = nanos;
    }

    /** Times {@code work} and records it. */
    public <E extends Exception> void time(Work<E> work) throws E {
        long start = System.nanoTime();
        work.run();
        add(System.nanoTime() - start);
    }

    /** What is timed. */
    @FunctionalInterface
    public interface Work<E extends Exception> {
        void run() throws E;
    }

    public synchronized double percentileMillis(double percentile) {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))] / 1e6;
    }

    public synchronized double meanMillis() {
        return Arrays.stream(samples, 0, count).average().orElse(0) / 1e6;
    }

    public synchronized String summary(String what) {
        return String.format(
                Locale.ROOT,
                "%-34s n=%-4d median %7.3f ms   p99 %7.3f ms   mean %7.3f ms   max %7.3f ms",
                what,
                count,
                percentileMillis(50),
                percentileMillis(99),
                meanMillis(),
                percentileMillis(100));
    }
}
