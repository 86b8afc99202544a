package io.shoal.driver.bridge;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * When the driver last served a request, so that background teardown can wait for a quiet moment (see {@link Reaper}).
 * A moment is quiet once the quiet period has passed since the last {@link #touch}. Times are {@link
 * System#nanoTime} values.
 */
final class ActivityClock {
    private final long quietNanos;
    private long lastTouch;

    private ActivityClock(Duration quietPeriod) {
        this.quietNanos = quietPeriod.toNanos();
        this.lastTouch = System.nanoTime();
    }

    /** A clock whose moments are quiet once {@code quietPeriod} has passed without a {@link #touch}. */
    static ActivityClock quietAfter(Duration quietPeriod) {
        return new ActivityClock(quietPeriod);
    }

    /** The driver starts serving a request now. */
    synchronized void touch() {
        lastTouch = System.nanoTime();
    }

    /** Wakes every {@link #awaitQuiet} caller so that it checks its give-up condition again. */
    synchronized void wakeWaiters() {
        notifyAll();
    }

    /**
     * Waits until the driver has been quiet for the quiet period, or {@code deadline} (a nanoTime value) has passed,
     * or {@code giveUp} says so after a {@link #wakeWaiters}.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    synchronized void awaitQuiet(long deadline, BooleanSupplier giveUp) throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            long untilQuiet = lastTouch + quietNanos - now;
            long untilDeadline = deadline - now;
            long wait = Math.min(untilQuiet, untilDeadline);
            if (wait <= 0 || giveUp.getAsBoolean()) {
                return;
            }
            long millis = Math.max(1, wait / 1_000_000);
            wait(millis);
        }
    }
}
