package io.shoal.engine.sqlite;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault-injection tests' {@link CrashPoint} (test class path only, registered in META-INF/services): when the
 * system property {@code shoal.test.crashAt} names a point ({@code "after network:CREATING"}, optionally with
 * {@code "#N"} for its N-th occurrence, default the first), the JVM halts there at once with status 137, as if killed
 * by SIGKILL: no shutdown hook, no clean-up. Without the property it does nothing.
 */
public final class HaltingCrashPoint implements CrashPoint {
    /** The status a SIGKILL'd process shows (128 + 9). */
    public static final int STATUS = 137;

    private final String point;
    private final int occurrence;
    private final AtomicInteger seen = new AtomicInteger();

    public HaltingCrashPoint() {
        String armed = System.getProperty("shoal.test.crashAt", "");
        int hash = armed.lastIndexOf('#');
        this.point = hash < 0 ? armed : armed.substring(0, hash);
        this.occurrence = hash < 0 ? 1 : Integer.parseInt(armed.substring(hash + 1));
    }

    @Override
    public void reached(String reached) {
        if (!point.isEmpty() && point.equals(reached) && seen.incrementAndGet() == occurrence) {
            System.err.println("shoald: crash point reached: " + reached + " (halting)");
            System.err.flush();
            Runtime.getRuntime().halt(STATUS);
        }
    }
}
