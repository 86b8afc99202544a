package io.shoal.engine.daemon;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * What a daemon's start set up, to be undone at its stop, newest first: each step logs {@code stop: WHAT} at INFO
 * when it ran, or {@code stop: WHAT FAILED: message} at ERROR, and the next step runs either way (an {@link Error}
 * is logged and rethrown once it is logged). {@link #runAll} runs once; later calls do nothing.
 */
final class StopSteps {
    /** One thing to undo, with the line that says so (made when the step runs). */
    private record Step(Supplier<String> what, AutoCloseable action) {}

    private final System.Logger log;
    private final Deque<Step> steps = new ArrayDeque<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private boolean ran;

    /** Steps whose lines go to {@code log}. */
    StopSteps(System.Logger log) {
        this.log = log;
    }

    /** Registers {@code action} to run before everything registered earlier. */
    synchronized void push(Supplier<String> what, AutoCloseable action) {
        steps.push(new Step(what, action));
    }

    /**
     * Runs every step, newest first, between the lines {@code stopping} and {@code stopped}; true when this call ran
     * them, false when an earlier one had.
     */
    synchronized boolean runAll(String stopping, String stopped) {
        if (ran) {
            return false;
        }
        ran = true;
        log.log(Level.INFO, stopping);
        try {
            while (!steps.isEmpty()) {
                run(steps.pop());
            }
            log.log(Level.INFO, stopped);
        } finally {
            done.countDown();
        }
        return true;
    }

    /** Waits until {@link #runAll} has finished; returns early, with the interrupt kept, when interrupted. */
    void await() {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Step step) {
        try {
            step.action().close();
            log.log(Level.INFO, "stop: " + step.what().get());
        } catch (Exception e) {
            log.log(Level.ERROR, "stop: " + step.what().get() + " FAILED: " + e.getMessage(), e);
        } catch (Error e) {
            log.log(Level.ERROR, "stop: " + step.what().get() + " FAILED: " + e, e);
            throw e;
        }
    }
}
