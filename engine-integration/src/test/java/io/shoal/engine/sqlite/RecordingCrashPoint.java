package io.shoal.engine.sqlite;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link CrashPoint} of the test class path (META-INF/services) that only records, between {@link #start} and
 * {@link #stop}, the points the store tells.
 */
public final class RecordingCrashPoint implements CrashPoint {
    private static volatile List<String> recording;

    /** Starts recording into a fresh list, returned. */
    static List<String> start() {
        List<String> points = new CopyOnWriteArrayList<>();
        recording = points;
        return points;
    }

    static void stop() {
        recording = null;
    }

    @Override
    public void reached(String point) {
        List<String> points = recording;
        if (points != null) {
            points.add(point);
        }
    }
}
