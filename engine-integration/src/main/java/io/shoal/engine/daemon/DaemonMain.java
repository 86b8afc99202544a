package io.shoal.engine.daemon;

import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;

/**
 * The life of a daemon process, the same for {@code shoald} and {@code shoald plugin}: parse the flags ({@code --help}
 * prints the usage and exits 0; a bad flag exits 2 naming it), set up the log at the chosen level, register a shutdown
 * hook (SIGTERM, SIGINT) that closes the daemon and then the log, start it (exit 1 when that fails: the daemon logged
 * why and stopped what it had started), and wait until it has stopped.
 */
final class DaemonMain {
    /** A daemon as {@link #run} drives it. */
    interface Daemon extends AutoCloseable {
        /** Starts every part in order; on a failure logs it, stops what was started and throws. */
        void start() throws Exception;

        /** Waits until {@link #close} has finished. */
        void awaitStop();

        /** Stops what {@link #start} started; a second call does nothing. Never throws. */
        @Override
        void close();
    }

    /** Reads a daemon's flags. */
    interface Flags<C> {
        C parse(List<String> args) throws ConfigException, ShoaldConfig.HelpRequested;
    }

    private DaemonMain() {}

    /**
     * Runs a daemon until it is stopped.
     *
     * @param name the program's name for messages on standard error ({@code shoald}, {@code shoald plugin})
     * @param usage the text of {@code --help}
     * @param level the log level the configuration chose
     * @param create the daemon of a configuration, not started
     */
    static <C> void run(
            String name,
            List<String> args,
            Flags<C> flags,
            String usage,
            Function<C, Level> level,
            Function<C, ? extends Daemon> create) {
        ShoaldLogging.installManager();
        NettyMachineId.setUnlessGiven();
        C config;
        try {
            config = flags.parse(args);
        } catch (ShoaldConfig.HelpRequested help) {
            System.out.print(usage);
            return;
        } catch (ConfigException e) {
            System.err.println(name + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        ShoaldLogging.configure(level.apply(config));
        Daemon daemon = create.apply(config);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            daemon.close();
                            ShoaldLogging.finish();
                        },
                        name.replace(' ', '-') + "-shutdown"));
        try {
            daemon.start();
        } catch (Exception | Error e) {
            System.exit(1); // start() logged why and stopped what it had started
        }
        daemon.awaitStop();
    }
}
