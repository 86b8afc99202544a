package io.shoal.engine.resolver;

import io.shoal.engine.dns.DnsEntry;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a restarted engine needs to answer DNS inside one running container before its store is open: the container's
 * sandbox namespace, its resolver's upstreams, and per network its resolver serves the network's definition and the
 * container's own names there (docs/engine.md "Restart"). Every running container's file together gives every served
 * network's names, since only running containers have JOINED endpoints.
 *
 * <p>The text is plain {@code key=value} lines, read and written with the JDK alone (no Jackson: this runs before
 * anything else of the engine is loaded). Order matters: {@code version=1}, {@code container=}, {@code sandbox=},
 * then {@code upstream=ADDRESS PORT} lines, then per network a {@code network=NAME} line followed by its {@code
 * subnet=CIDR}, {@code reverse=local|forward}, {@code name=}, an optional {@code hostname=}, {@code alias=} and
 * {@code address=} lines; the last line is {@code end=}, so a file cut short is refused rather than read in part.
 * Values are the rest of the line after the first {@code =}; none may hold a line break.
 *
 * @param containerId the container's 64-hex id
 * @param sandbox its sandbox namespace's bind mount, e.g. {@code /run/netns/shoal-0123456789ab}
 * @param upstreams its resolver's upstream servers (address and port)
 * @param networks the networks its resolver serves, with its entry on each
 */
public record EarlyDnsFile(
        String containerId, Path sandbox, List<InetSocketAddress> upstreams, List<Network> networks) {
    private static final String VERSION = "1";
    private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{64}");

    /**
     * One network the container is on: its name, subnets and whether reverse lookups in them are answered locally
     * ({@link io.shoal.engine.dns.NameService#defineNetwork}), and the container's entry on it.
     */
    public record Network(String name, List<IpPrefix> subnets, boolean ownsReverse, DnsEntry entry) {
        public Network {
            Objects.requireNonNull(name, "name");
            subnets = List.copyOf(subnets);
            Objects.requireNonNull(entry, "entry");
        }
    }

    public EarlyDnsFile {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(sandbox, "sandbox");
        upstreams = List.copyOf(upstreams);
        networks = List.copyOf(networks);
    }

    /**
     * The file's text, or empty when a value holds a line break (no engine name does; such a container is then left
     * to the store-based step).
     */
    public Optional<String> encode() {
        Lines text = new Lines();
        text.add("version", VERSION);
        text.add("container", containerId);
        text.add("sandbox", sandbox.toString());
        for (InetSocketAddress upstream : upstreams) {
            text.add("upstream", IpAddresses.format(upstream.getAddress()) + " " + upstream.getPort());
        }
        for (Network network : networks) {
            text.add("network", network.name());
            network.subnets().forEach(subnet -> text.add("subnet", subnet.toString()));
            text.add("reverse", network.ownsReverse() ? "local" : "forward");
            DnsEntry entry = network.entry();
            text.add("name", entry.containerName());
            entry.hostname().ifPresent(hostname -> text.add("hostname", hostname));
            entry.aliases().forEach(alias -> text.add("alias", alias));
            entry.addresses().forEach(address -> text.add("address", IpAddresses.format(address)));
        }
        text.add("end", "");
        return text.text();
    }

    /** The lines being written; empty text once a value held a line break. */
    private static final class Lines {
        private final StringBuilder text = new StringBuilder();
        private boolean broken;

        void add(String key, String value) {
            broken |= value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
            text.append(key).append('=').append(value).append('\n');
        }

        Optional<String> text() {
            return broken ? Optional.empty() : Optional.of(text.toString());
        }
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @throws EarlyDnsFileException naming the line and what is wrong: an unknown version or key, a key out of order,
     *     a malformed id, address, port or subnet, a missing {@code end=} line
     */
    public static EarlyDnsFile parse(String text) throws EarlyDnsFileException {
        return new Reader(text.split("\n", -1)).read();
    }

    /** A cursor over the lines; each method reads one part in the order {@link #encode} writes them. */
    private static final class Reader {
        private final String[] lines;
        private int next;

        Reader(String[] lines) {
            this.lines = lines;
        }

        EarlyDnsFile read() throws EarlyDnsFileException {
            String version = value("version");
            if (!version.equals(VERSION)) {
                throw problem("version " + version + " is not " + VERSION);
            }
            String containerId = value("container");
            if (!CONTAINER_ID.matcher(containerId).matches()) {
                throw problem("container id '" + containerId + "' is not 64 lowercase hex digits");
            }
            String sandbox = value("sandbox");
            if (!sandbox.startsWith("/")) {
                throw problem("sandbox '" + sandbox + "' is not an absolute path");
            }
            List<InetSocketAddress> upstreams = new ArrayList<>();
            while (at("upstream")) {
                upstreams.add(upstream(value("upstream")));
            }
            List<Network> networks = new ArrayList<>();
            while (at("network")) {
                networks.add(network(containerId));
            }
            value("end");
            if (next < lines.length && !(next == lines.length - 1 && lines[next].isEmpty())) {
                throw problem("text after the end= line");
            }
            return new EarlyDnsFile(containerId, Path.of(sandbox), upstreams, networks);
        }

        private Network network(String containerId) throws EarlyDnsFileException {
            String name = value("network");
            List<IpPrefix> subnets = new ArrayList<>();
            while (at("subnet")) {
                subnets.add(prefix(value("subnet")));
            }
            String reverse = value("reverse");
            if (!reverse.equals("local") && !reverse.equals("forward")) {
                throw problem("reverse '" + reverse + "' is neither local nor forward");
            }
            String containerName = value("name");
            Optional<String> hostname = at("hostname") ? Optional.of(value("hostname")) : Optional.empty();
            List<String> aliases = new ArrayList<>();
            while (at("alias")) {
                aliases.add(value("alias"));
            }
            List<InetAddress> addresses = new ArrayList<>();
            while (at("address")) {
                addresses.add(address(value("address")));
            }
            return new Network(
                    name,
                    subnets,
                    reverse.equals("local"),
                    new DnsEntry(containerId, containerName, hostname, aliases, addresses));
        }

        private boolean at(String key) {
            return next < lines.length && lines[next].startsWith(key + "=");
        }

        /** The value of the next line, which must have {@code key}. */
        private String value(String key) throws EarlyDnsFileException {
            if (!at(key)) {
                throw problem(
                        next < lines.length
                                ? "expected " + key + "=, found '" + lines[next] + "'"
                                : "expected " + key + "=, found the end of the file");
            }
            return lines[next++].substring(key.length() + 1);
        }

        private InetSocketAddress upstream(String value) throws EarlyDnsFileException {
            int space = value.indexOf(' ');
            String port = space < 0 ? "" : value.substring(space + 1);
            if (port.isEmpty()
                    || port.length() > 5
                    || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(port) > 65535) {
                throw previous("upstream '" + value + "' is not ADDRESS PORT");
            }
            return new InetSocketAddress(address(value.substring(0, space)), Integer.parseInt(port));
        }

        private InetAddress address(String value) throws EarlyDnsFileException {
            try {
                return IpAddresses.parse(value);
            } catch (IllegalArgumentException e) {
                throw previous(e.getMessage());
            }
        }

        private IpPrefix prefix(String value) throws EarlyDnsFileException {
            try {
                return IpPrefix.parse(value);
            } catch (IllegalArgumentException e) {
                throw previous(e.getMessage());
            }
        }

        private EarlyDnsFileException problem(String what) {
            return new EarlyDnsFileException("line " + (next + 1) + ": " + what);
        }

        /** About the line just read. */
        private EarlyDnsFileException previous(String what) {
            return new EarlyDnsFileException("line " + next + ": " + what);
        }
    }
}
