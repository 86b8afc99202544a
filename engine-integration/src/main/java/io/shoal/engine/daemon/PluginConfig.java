package io.shoal.engine.daemon;

import io.shoal.ipam.DefaultPool;
import io.shoal.spi.DriverException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;

/**
 * The flags of {@code shoald plugin}, the mode that serves only libnetwork's remote plugin protocols for an existing
 * dockerd (docs/plugin.md).
 *
 * @param dataRoot the plugin's own state (its SQLite file, pid file), never shoald's
 * @param socket the plugin socket; dockerd finds plugin {@code shoal} at {@code /run/docker/plugins/shoal.sock}
 * @param defaultAddressPools IPAM's default pools as dockerd's {@code base=CIDR,size=N}; empty means Docker's
 * @param logLevel the level of the log
 */
public record PluginConfig(Path dataRoot, Path socket, List<String> defaultAddressPools, Level logLevel) {
    public static final Path DEFAULT_DATA_ROOT = Path.of("/var/lib/shoal-plugin");
    public static final Path DEFAULT_SOCKET = Path.of("/run/docker/plugins/shoal.sock");

    /** Copies the list. */
    public PluginConfig {
        defaultAddressPools = List.copyOf(defaultAddressPools);
    }

    /** The text of {@code shoald plugin --help}. */
    public static String usage() {
        return """
                Usage: shoald plugin [OPTIONS]

                Serves Shoal's network drivers and IPAM to an existing dockerd as the remote plugin "shoal"
                (docker network create -d shoal --ipam-driver shoal ...).

                Options:
                      --data-root DIR              The plugin's own state (default /var/lib/shoal-plugin)
                      --default-address-pool POOL  A default address pool, base=CIDR,size=N (repeatable)
                  -h, --help                       Print this text and exit
                      --log-level LEVEL            debug, info, warn, error or fatal (default info)
                      --socket PATH                The plugin socket (default /run/docker/plugins/shoal.sock)
                """;
    }

    /**
     * Reads the flags.
     *
     * @throws ConfigException naming the flag that is wrong
     * @throws ShoaldConfig.HelpRequested for {@code --help}
     */
    public static PluginConfig parse(List<String> args) throws ConfigException, ShoaldConfig.HelpRequested {
        Path dataRoot = DEFAULT_DATA_ROOT;
        Path socket = DEFAULT_SOCKET;
        List<String> pools = new ArrayList<>();
        Level level = Level.INFO;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            String value = null;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            if (flag.equals("-h") || flag.equals("--help")) {
                throw new ShoaldConfig.HelpRequested();
            }
            if (!List.of("--data-root", "--socket", "--default-address-pool", "--log-level")
                    .contains(flag)) {
                throw new ConfigException(args.get(i), "unknown option; see shoald plugin --help");
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new ConfigException(flag, "needs a value");
                }
                value = args.get(++i);
            }
            switch (flag) {
                case "--data-root" -> dataRoot = absolute(flag, value);
                case "--socket" -> socket = absolute(flag, value.replaceFirst("^unix://", ""));
                case "--default-address-pool" -> pools.add(pool(value));
                default -> level = logLevel(value);
            }
        }
        return new PluginConfig(dataRoot, socket, pools, level);
    }

    private static Path absolute(String flag, String text) throws ConfigException {
        Path path = Path.of(text);
        if (!path.isAbsolute()) {
            throw new ConfigException(flag + " " + text, "must be an absolute path");
        }
        return path.normalize();
    }

    private static String pool(String text) throws ConfigException {
        try {
            DefaultPool.parse(text);
            return text;
        } catch (DriverException e) {
            throw new ConfigException("--default-address-pool " + text, e.getMessage(), e);
        }
    }

    private static Level logLevel(String text) throws ConfigException {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "warn", "warning" -> Level.WARNING;
            case "error", "fatal" -> Level.SEVERE;
            default -> throw new ConfigException("--log-level " + text, "use debug, info, warn, error or fatal");
        };
    }
}
