package io.shoal.engine.daemon;

import io.shoal.ipam.DefaultPool;
import io.shoal.net.IpAddresses;
import io.shoal.spi.DriverException;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Level;

/**
 * What shoald runs with, from its flags and an optional configuration file (Java properties, {@code --config FILE}).
 * A flag given on the command line replaces the file's value for that key (for repeatable flags, the file's whole
 * list).
 *
 * <p>Keys of the file are the long flag names without dashes; repeatable ones take several values separated by
 * {@code ;} (pools) or {@code ,} (hosts, dns):
 *
 * <pre>
 * data-root=/var/lib/shoal
 * host=unix:///run/shoal/shoal.sock
 * containerd=/run/containerd/containerd.sock
 * group=docker
 * default-address-pool=base=10.200.0.0/16,size=24;base=fd00:200::/56,size=64
 * dns=192.0.2.53,2001:db8::53
 * log-level=info
 * </pre>
 *
 * @param dataRoot where all state lives (absolute)
 * @param hosts the unix sockets the Engine API listens on
 * @param containerd an existing containerd's socket to use instead of starting a private one
 * @param group the group that owns the API sockets (mode 0660)
 * @param defaultAddressPools IPAM's default pools as dockerd's {@code base=CIDR,size=N}; empty means Docker's
 * @param dns the upstream DNS servers of every container's resolver; empty means the host's resolv.conf (systemd-resolved's
 *     upstream file when it lists only the stub 127.0.0.53, {@code HostResolverFile})
 * @param logLevel the level of shoald's log
 */
public record ShoaldConfig(
        Path dataRoot,
        List<Path> hosts,
        Optional<Path> containerd,
        String group,
        List<String> defaultAddressPools,
        List<InetAddress> dns,
        Level logLevel) {
    /** Where state lives unless {@code --data-root} says otherwise. */
    public static final Path DEFAULT_DATA_ROOT = Path.of("/var/lib/shoal");
    /** The API socket unless {@code --host} says otherwise. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/shoal/shoal.sock");

    /** The flag words of {@link #usage()}, long name first. */
    private static final Map<String, String> SHORT_FLAGS = Map.of("-H", "--host", "-h", "--help");

    private static final Set<String> KEYS =
            Set.of("data-root", "host", "containerd", "group", "default-address-pool", "dns", "log-level");

    /** Copies the lists. */
    public ShoaldConfig {
        hosts = List.copyOf(hosts);
        defaultAddressPools = List.copyOf(defaultAddressPools);
        dns = List.copyOf(dns);
    }

    /** Thrown by {@link #parse} for {@code --help}: print {@link #usage()} and exit 0. */
    public static final class HelpRequested extends Exception {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super("help requested");
        }
    }

    /** The text of {@code shoald --help}. */
    public static String usage() {
        return """
                Usage: shoald [OPTIONS]

                Shoal's engine daemon: serves the Docker Engine API on a unix socket.

                Options:
                      --config FILE                A configuration file (Java properties; keys are the long
                                                   option names: data-root=/var/lib/shoal)
                      --containerd SOCKET          Use the containerd listening on SOCKET instead of starting
                                                   a private one under the data root
                      --data-root DIR              Root of shoald's state (default /var/lib/shoal)
                      --default-address-pool POOL  A default address pool, base=CIDR,size=N (repeatable;
                                                   default Docker's 172.17.0.0/16.. and 192.168.0.0/16)
                      --dns IP                     An upstream DNS server for containers (repeatable; default
                                                   the host's /etc/resolv.conf nameservers, or
                                                   /run/systemd/resolve/resolv.conf's when it lists
                                                   only systemd-resolved's 127.0.0.53; of the file's,
                                                   loopback and IPv6 link-local ones are left out:
                                                   a container cannot reach them)
                      --group GROUP                The group owning the API socket, mode 0660 (default root)
                  -H, --host SOCKET                Listen on unix://PATH or PATH (repeatable; default
                                                   unix:///run/shoal/shoal.sock). tcp:// is not implemented
                  -h, --help                       Print this text and exit
                      --log-level LEVEL            debug, info, warn, error or fatal (default info)
                """;
    }

    /**
     * Reads {@code args} (and the file {@code --config} names).
     *
     * @throws ConfigException naming the flag or key that is wrong
     * @throws HelpRequested for {@code --help}
     */
    public static ShoaldConfig parse(List<String> args) throws ConfigException, HelpRequested {
        Map<String, List<String>> flags = new LinkedHashMap<>();
        Optional<Path> configFile = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            String flag = word;
            String value = null;
            int eq = word.indexOf('=');
            if (word.startsWith("--") && eq > 0) {
                flag = word.substring(0, eq);
                value = word.substring(eq + 1);
            }
            flag = SHORT_FLAGS.getOrDefault(flag, flag);
            if (flag.equals("--help")) {
                throw new HelpRequested();
            }
            if (!flag.startsWith("--") || !(KEYS.contains(flag.substring(2)) || flag.equals("--config"))) {
                throw new ConfigException(word, "unknown option; see shoald --help");
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new ConfigException(flag, "needs a value");
                }
                value = args.get(++i);
            }
            if (flag.equals("--config")) {
                configFile = Optional.of(Path.of(value));
            } else {
                flags.computeIfAbsent(flag.substring(2), k -> new ArrayList<>()).add(value);
            }
        }
        Map<String, List<String>> settings = new LinkedHashMap<>();
        if (configFile.isPresent()) {
            settings.putAll(readFile(configFile.get()));
        }
        settings.putAll(flags);
        return fromSettings(settings);
    }

    private static Map<String, List<String>> readFile(Path file) throws ConfigException {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Files.readString(file)));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("--config " + file, "cannot read it: " + e.getMessage(), e);
        }
        Map<String, List<String>> settings = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new ConfigException(file + ": " + key, "unknown setting; the keys are " + KEYS);
            }
            String separator = key.equals("default-address-pool") ? ";" : ",";
            List<String> values = new ArrayList<>();
            for (String part : properties.getProperty(key).split(separator, -1)) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
            settings.put(key, values);
        }
        return settings;
    }

    private static ShoaldConfig fromSettings(Map<String, List<String>> settings) throws ConfigException {
        Path dataRoot = absolute("--data-root", single(settings, "data-root").orElse(DEFAULT_DATA_ROOT.toString()));
        List<Path> hosts = new ArrayList<>();
        for (String host : settings.getOrDefault("host", List.of())) {
            hosts.add(socket(host));
        }
        if (hosts.isEmpty()) {
            hosts.add(DEFAULT_SOCKET);
        }
        Optional<Path> containerd = Optional.empty();
        Optional<String> containerdText = single(settings, "containerd");
        if (containerdText.isPresent()) {
            containerd =
                    Optional.of(absolute("--containerd", containerdText.get().replaceFirst("^unix://", "")));
        }
        String group = single(settings, "group").orElse("root");
        if (group.isBlank()) {
            throw new ConfigException("--group", "must name a group");
        }
        List<String> pools = settings.getOrDefault("default-address-pool", List.of());
        for (String pool : pools) {
            try {
                DefaultPool.parse(pool);
            } catch (DriverException e) {
                throw new ConfigException("--default-address-pool " + pool, e.getMessage(), e);
            }
        }
        List<InetAddress> dns = new ArrayList<>();
        for (String server : settings.getOrDefault("dns", List.of())) {
            try {
                dns.add(IpAddresses.parse(server));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--dns " + server, "not an IP address", e);
            }
        }
        Level level = logLevel(single(settings, "log-level").orElse("info"));
        return new ShoaldConfig(dataRoot, hosts, containerd, group, pools, dns, level);
    }

    private static Optional<String> single(Map<String, List<String>> settings, String key) throws ConfigException {
        List<String> values = settings.getOrDefault(key, List.of());
        if (values.size() > 1) {
            throw new ConfigException("--" + key, "given " + values.size() + " times; it takes one value");
        }
        return values.stream().findFirst();
    }

    private static Path absolute(String flag, String text) throws ConfigException {
        Path path = Path.of(text);
        if (!path.isAbsolute()) {
            throw new ConfigException(flag + " " + text, "must be an absolute path");
        }
        return path.normalize();
    }

    /** dockerd's {@code -H} forms: {@code unix:///path}, a bare absolute path; {@code tcp://} is refused for now. */
    private static Path socket(String host) throws ConfigException {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tcp://")) {
            throw new ConfigException(
                    "--host " + host,
                    "TCP listeners are not implemented; use a unix socket (unix:///run/shoal/shoal.sock)");
        }
        if (lower.startsWith("unix://")) {
            return absolute("--host", host.substring("unix://".length()));
        }
        if (lower.contains("://")) {
            throw new ConfigException("--host " + host, "unsupported scheme; use unix:///PATH");
        }
        return absolute("--host", host);
    }

    /** dockerd's levels, on java.util.logging's. */
    private static Level logLevel(String text) throws ConfigException {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "warn", "warning" -> Level.WARNING;
            case "error", "fatal" -> Level.SEVERE;
            default -> throw new ConfigException(
                    "--log-level " + text, "unknown level; use debug, info, warn, error or fatal");
        };
    }
}
