package io.shoal.engine.container;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.util.Locale;
import java.util.Map;

/** Signal names and numbers of Linux x86-64/arm64 (signal(7)), as {@code docker kill -s} and {@code StopSignal} take them. */
final class Signals {
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;

    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("HUP", 1),
            Map.entry("INT", 2),
            Map.entry("QUIT", 3),
            Map.entry("ILL", 4),
            Map.entry("TRAP", 5),
            Map.entry("ABRT", 6),
            Map.entry("IOT", 6),
            Map.entry("BUS", 7),
            Map.entry("FPE", 8),
            Map.entry("KILL", 9),
            Map.entry("USR1", 10),
            Map.entry("SEGV", 11),
            Map.entry("USR2", 12),
            Map.entry("PIPE", 13),
            Map.entry("ALRM", 14),
            Map.entry("TERM", 15),
            Map.entry("STKFLT", 16),
            Map.entry("CHLD", 17),
            Map.entry("CONT", 18),
            Map.entry("STOP", 19),
            Map.entry("TSTP", 20),
            Map.entry("TTIN", 21),
            Map.entry("TTOU", 22),
            Map.entry("URG", 23),
            Map.entry("XCPU", 24),
            Map.entry("XFSZ", 25),
            Map.entry("VTALRM", 26),
            Map.entry("PROF", 27),
            Map.entry("WINCH", 28),
            Map.entry("IO", 29),
            Map.entry("POLL", 29),
            Map.entry("PWR", 30),
            Map.entry("SYS", 31));

    private Signals() {}

    /** {@code KILL}, {@code SIGKILL}, {@code 9}; empty means SIGKILL. INVALID_ARGUMENT {@code Invalid signal: X}. */
    static int parse(String text) throws EngineException {
        if (text.isEmpty()) {
            return SIGKILL;
        }
        try {
            int number = Integer.parseInt(text);
            if (number >= 1 && number <= 64) {
                return number;
            }
        } catch (NumberFormatException e) {
            String name = text.toUpperCase(Locale.ROOT);
            Integer number = NUMBERS.get(name.startsWith("SIG") ? name.substring(3) : name);
            if (number != null) {
                return number;
            }
        }
        throw new EngineException(ErrorKind.INVALID_ARGUMENT, "Invalid signal: " + text);
    }
}
