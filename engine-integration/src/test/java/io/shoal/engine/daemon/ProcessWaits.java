package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

/** Killing and waiting for the e2e classes that kill daemons and containers on purpose (containerd, shims). */
final class ProcessWaits {
    /** How long {@link #await} polls before it fails. */
    private static final long BOUND_SECONDS = 60;

    private ProcessWaits() {}

    /** A check {@link #await} polls. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    /** Sends SIGKILL to {@code pid} with kill(1); fails unless kill succeeds within 10 s. */
    static void killHard(long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(pid))
                .inheritIO()
                .start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    /**
     * Polls {@code condition} every 100 ms; fails after 60 s naming {@code what}, with shoald's log when {@code shoald}
     * is not null.
     */
    static void await(Condition condition, String what, ShoaldUnderTest shoald) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + BOUND_SECONDS + " s: " + what
                        + (shoald == null ? "" : "\nshoald's log:\n" + shoald.logText()));
            }
            Thread.sleep(100);
        }
    }
}
