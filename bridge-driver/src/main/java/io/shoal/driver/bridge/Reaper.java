package io.shoal.driver.bridge;

import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs slow teardown work off the request path, one item at a time, in order. A failure is logged and kept until
 * {@link #await} reports it; the work itself leaves its record in the store, so the next start retries it.
 *
 * <p>Deleting a link holds the kernel's RTNL lock while it waits for an RCU grace period (tens of milliseconds on an
 * idle machine), and every other rtnetlink request of every process waits behind it. So an item waits for a {@linkplain
 * ActivityClock quiet moment} of the driver before it runs — a burst of requests (a script's {@code network rm} then
 * {@code create}, a disconnect then a connect) is served first — but never longer than {@link #LONGEST_DELAY} after it
 * was submitted. {@link #await} and {@link #flush} end the wait of everything submitted so far.
 *
 * @param <T> what is torn down
 */
final class Reaper<T> {
    /** The longest an item waits for a quiet moment: teardown never starves under a steady stream of requests. */
    static final Duration LONGEST_DELAY = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(Reaper.class.getName());

    private final ExecutorService thread;
    private final Consumer<T> work;
    private final ActivityClock activity;
    private final long longestDelayNanos;
    private final List<RuntimeException> failures = new ArrayList<>();
    private long submitted;
    private long flushedUpTo;

    /** A reaper whose items wait for a quiet moment of {@code activity} (at most {@link #LONGEST_DELAY}). */
    Reaper(String name, Consumer<T> work, ActivityClock activity) {
        this(name, work, activity, LONGEST_DELAY);
    }

    /** As above, with the longest wait for a quiet moment given. */
    Reaper(String name, Consumer<T> work, ActivityClock activity, Duration longestDelay) {
        this.work = work;
        this.activity = activity;
        this.longestDelayNanos = longestDelay.toNanos();
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        });
    }

    void submit(T item) {
        long submittedAt = System.nanoTime();
        long sequence;
        synchronized (this) {
            sequence = ++submitted;
        }
        activity.touch();
        thread.execute(() -> {
            try {
                awaitQuietMoment(sequence, submittedAt);
                work.accept(item);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "teardown of " + item + " failed; the next start retries it", e);
                synchronized (failures) {
                    failures.add(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.log(Level.ERROR, "teardown of " + item + " interrupted; the next start retries it", e);
            }
        });
    }

    /** Ends the wait for a quiet moment of every item submitted so far: they run one after the other from now on. */
    void flush() {
        synchronized (this) {
            flushedUpTo = submitted;
            notifyAll();
        }
        activity.wakeWaiters();
    }

    /**
     * Waits for everything submitted so far ({@linkplain #flush flushed} first: nothing waits for a quiet moment).
     *
     * @throws DriverException UNAVAILABLE on timeout; INTERNAL with every failure since the last call
     */
    void await(Duration timeout) {
        flush();
        awaitWithoutFlush(timeout);
    }

    /**
     * Waits for everything submitted so far, each item still waiting for its quiet moment (tests).
     *
     * @throws DriverException UNAVAILABLE on timeout; INTERNAL with every failure since the last call
     */
    void awaitWithoutFlush(Duration timeout) {
        Future<?> marker = thread.submit(() -> {});
        try {
            marker.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DriverException(ErrorKind.UNAVAILABLE, "teardown still running after " + timeout, e);
        } catch (ExecutionException e) {
            throw DriverException.internal("teardown queue failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DriverException.internal("interrupted while waiting for teardown", e);
        }
        synchronized (failures) {
            if (!failures.isEmpty()) {
                DriverException error = DriverException.internal(
                        failures.size() + " teardown(s) failed; first: "
                                + failures.get(0).getMessage(),
                        failures.get(0));
                failures.stream().skip(1).forEach(error::addSuppressed);
                failures.clear();
                throw error;
            }
        }
    }

    private void awaitQuietMoment(long sequence, long submittedAt) throws InterruptedException {
        activity.awaitQuiet(submittedAt + longestDelayNanos, () -> flushedPast(sequence));
    }

    private synchronized boolean flushedPast(long sequence) {
        return sequence <= flushedUpTo;
    }
}
