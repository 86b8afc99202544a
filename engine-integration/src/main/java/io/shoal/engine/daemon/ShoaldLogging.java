package io.shoal.engine.daemon;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * shoald's one logging setup: java.util.logging (which System.Logger and, through slf4j-jdk14, dnsjava's SLF4J also
 * reach), one line per record on standard error: {@code 2026-01-02T03:04:05.678Z INFO shoald: text}.
 *
 * <p>JUL resets its handlers in a shutdown hook of its own, which may run before shoald's orderly shutdown has said
 * anything. {@link Manager}, installed as the JVM's LogManager before anything logs, ignores that reset until
 * {@link #finish} so the shutdown steps reach the log.
 */
final class ShoaldLogging {
    private ShoaldLogging() {}

    /** The LogManager shoald runs with; the JVM's own reset at exit is postponed to {@link #finish}. */
    public static final class Manager extends LogManager {
        private static volatile boolean holding;

        @Override
        public void reset() {
            if (!holding) {
                super.reset();
            }
        }
    }

    /** Selects {@link Manager}; must run before the first use of java.util.logging in this JVM. */
    static void installManager() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", Manager.class.getName());
        }
    }

    /** One handler on the root logger, at {@code level}. */
    static void configure(Level level) {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(level);
        console.setFormatter(new LineFormatter());
        root.addHandler(console);
        root.setLevel(level);
        Manager.holding = true; // from now on only finish() resets
    }

    /** Flushes and closes the handlers: the last thing shoald does. */
    static void finish() {
        if (LogManager.getLogManager() instanceof Manager) {
            Manager.holding = false;
            LogManager.getLogManager().reset();
        } else {
            for (Handler handler : Logger.getLogger("").getHandlers()) {
                handler.flush();
            }
        }
    }

    /** {@code TIME LEVEL logger-tail: message}, then the stack of a throwable, if any. */
    static final class LineFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            String name = record.getLoggerName() == null ? "" : record.getLoggerName();
            String source = name.startsWith("io.shoal.engine.daemon") ? "shoald" : name;
            StringBuilder line = new StringBuilder()
                    .append(Instant.ofEpochMilli(record.getMillis()))
                    .append(' ')
                    .append(levelName(record.getLevel()))
                    .append(' ')
                    .append(source)
                    .append(": ")
                    .append(formatMessage(record))
                    .append('\n');
            if (record.getThrown() != null) {
                StringWriter stack = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(stack));
                line.append(stack);
            }
            return line.toString();
        }

        private static String levelName(Level level) {
            if (level.intValue() >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (level.intValue() >= Level.WARNING.intValue()) {
                return "WARN";
            }
            return level.intValue() >= Level.INFO.intValue() ? "INFO" : "DEBUG";
        }
    }
}
