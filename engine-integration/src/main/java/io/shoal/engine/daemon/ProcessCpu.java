package io.shoal.engine.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The CPU time this process has used so far (all its threads, user and system), for the start's log lines: a
 * figure the machine's load disturbs much less than wall-clock times (docs/performance.md, "Restart").
 */
final class ProcessCpu {
    /** USER_HZ, the unit of /proc/PID/stat's times: 100 on every Linux architecture Shoal runs on (proc(5)). */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {}

    /** Milliseconds of CPU used (utime + stime), if /proc/self/stat is readable. */
    static Optional<Long> millis() {
        try {
            return parse(Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * utime + stime in milliseconds from the text of /proc/PID/stat: fields 14 and 15, counted after the command
     * name, which is in parentheses and may hold spaces and parentheses itself (so from the last ')').
     */
    static Optional<Long> parse(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return Optional.empty();
        }
        String[] fields = stat.substring(end + 1).trim().split(" ", -1);
        // fields[0] is field 3 (state): field N is fields[N - 3].
        if (fields.length < 13) {
            return Optional.empty();
        }
        try {
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return Optional.of(ticks * 1000 / TICKS_PER_SECOND);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** "; process CPU N ms" for a log line, or nothing. */
    static String suffix() {
        return millis().map(ms -> "; process CPU " + ms + " ms").orElse("");
    }
}
