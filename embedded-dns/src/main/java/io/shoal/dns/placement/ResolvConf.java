package io.shoal.dns.placement;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A host's {@code /etc/resolv.conf} (resolv.conf(5)) read for two purposes: the upstream servers a container's resolver
 * forwards to, and the file the container gets instead.
 *
 * <p>Upstreams are the host's nameservers a container namespace can reach: loopback ones (a host-local cache such as
 * systemd-resolved on 127.0.0.53) and IPv6 link-local ones (their zone is a host interface) cannot be, and are left
 * out.
 *
 * <p>The container's file ({@link #forContainer(List)}) holds, in this order:
 *
 * <ol>
 *   <li>{@code nameserver 127.0.0.11}, and no other nameserver: the host's become the resolver's upstreams;
 *   <li>the host's search list, its last {@code search} or {@code domain} line (in glibc the last one wins, so it is
 *       the only one that counts), and its {@code sortlist} lines;
 *   <li>one {@code options} line: the host's options, then the user's ({@code --dns-option}), each option once. An
 *       option's name is the text before its colon; a later one of the same name replaces the earlier one in its place
 *       (glibc, too, lets the last setting win). Two of the host's options are dropped, because in a container they
 *       would send a short name to the search domain before the embedded resolver could answer it as a container's
 *       name: {@code ndots:N} (chosen for the host's own lookups) and {@code no-tld-query} (glibc then never asks a
 *       single-label name as it is). The user may set either. When no {@code ndots} is left, {@code ndots:0} is added,
 *       as Docker does: every name is asked as it is first, and the search list is tried only when that fails
 *       (resolv.conf(5), "ndots").
 * </ol>
 *
 * <p>Comments, the host's other lines and nameservers, and options not of an option's form are not copied.
 */
public final class ResolvConf {
    /** The address of the embedded resolver inside a container, Docker's. */
    public static final String EMBEDDED_ADDRESS = "127.0.0.11";

    private static final int DNS_PORT = 53;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** An option as glibc reads it: a lower-case name, and for some a decimal value after a colon. */
    private static final Pattern OPTION = Pattern.compile("[a-z0-9][a-z0-9-]*(:[0-9]{1,9})?");
    /** Options glibc reads only with a value (resolv.conf(5)); without one they do nothing. */
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("ndots", "timeout", "attempts");
    /** The host's options that would make glibc ask the search domain before the embedded resolver. */
    private static final Set<String> HOST_OPTIONS_DROPPED = Set.of("ndots", "no-tld-query");

    private final List<InetAddress> nameservers;
    private final Optional<String> searchLine;
    private final List<String> sortlistLines;
    private final List<String> hostOptions;

    private ResolvConf(
            List<InetAddress> nameservers,
            Optional<String> searchLine,
            List<String> sortlistLines,
            List<String> hostOptions) {
        this.nameservers = List.copyOf(nameservers);
        this.searchLine = searchLine;
        this.sortlistLines = List.copyOf(sortlistLines);
        this.hostOptions = List.copyOf(hostOptions);
    }

    /**
     * Reads the text of a resolv.conf. Nameserver lines whose address does not parse as a numeric IPv4 or IPv6
     * address are ignored, as the glibc resolver ignores them; lines of unknown keywords are dropped, and so are
     * options not of an option's form.
     */
    public static ResolvConf parse(String text) {
        List<InetAddress> nameservers = new ArrayList<>();
        Optional<String> search = Optional.empty();
        List<String> sortlist = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            String[] fields = WHITESPACE.split(line);
            switch (fields[0]) {
                case "nameserver" -> {
                    if (fields.length >= 2) {
                        numericAddress(fields[1]).ifPresent(nameservers::add);
                    }
                }
                case "search", "domain" -> search = Optional.of(String.join(" ", fields));
                case "sortlist" -> sortlist.add(String.join(" ", fields));
                case "options" -> {
                    for (int i = 1; i < fields.length; i++) {
                        if (OPTION.matcher(fields[i]).matches()) {
                            options.add(fields[i]);
                        }
                    }
                }
                default -> {
                    // resolv.conf(5) knows no other keywords; glibc ignores them, and so does the container's file.
                }
            }
        }
        return new ResolvConf(nameservers, search, sortlist, options);
    }

    /** Every nameserver the file names, in order. */
    public List<InetAddress> nameservers() {
        return nameservers;
    }

    /** The nameservers a container namespace can reach, port 53, in order: the resolver's upstreams. */
    public List<InetSocketAddress> upstreams() {
        List<InetSocketAddress> upstreams = new ArrayList<>();
        for (InetAddress address : nameservers) {
            boolean linkLocalV6 = address instanceof Inet6Address && address.isLinkLocalAddress();
            if (!address.isLoopbackAddress() && !linkLocalV6 && !address.isAnyLocalAddress()) {
                upstreams.add(new InetSocketAddress(address, DNS_PORT));
            }
        }
        return upstreams;
    }

    /** The text of the container's {@code /etc/resolv.conf} when the user gave no {@code --dns-option}. */
    public String forContainer() {
        return render(hostOptionsKept());
    }

    /**
     * The text of the container's {@code /etc/resolv.conf}, with the user's {@code --dns-option} values (the rule is
     * in the class comment).
     *
     * @param userOptions options as resolv.conf(5) writes them ({@code ndots:2}, {@code edns0}), in the order given
     * @throws InvalidDnsOptionException an option is not one lower-case name with an optional {@code :N} (anything
     *     else could break the file or add a line to it), or lacks the value its name needs
     */
    public String forContainer(List<String> userOptions) throws InvalidDnsOptionException {
        Map<String, String> options = hostOptionsKept();
        for (String option : userOptions) {
            check(option);
            options.put(nameOf(option), option);
        }
        return render(options);
    }

    private Map<String, String> hostOptionsKept() {
        Map<String, String> options = new LinkedHashMap<>();
        for (String option : hostOptions) {
            if (!HOST_OPTIONS_DROPPED.contains(nameOf(option))) {
                options.put(nameOf(option), option);
            }
        }
        return options;
    }

    private String render(Map<String, String> options) {
        List<String> line = new ArrayList<>(options.values());
        if (!options.containsKey("ndots")) {
            line.add("ndots:0");
        }
        StringBuilder text = new StringBuilder();
        text.append("# Generated by Shoal: the embedded resolver answers container names and forwards the rest.\n");
        text.append("nameserver ").append(EMBEDDED_ADDRESS).append('\n');
        searchLine.ifPresent(search -> text.append(search).append('\n'));
        sortlistLines.forEach(sortlist -> text.append(sortlist).append('\n'));
        text.append("options ").append(String.join(" ", line)).append('\n');
        return text.toString();
    }

    private static void check(String option) throws InvalidDnsOptionException {
        if (option == null || !OPTION.matcher(option).matches()) {
            throw new InvalidDnsOptionException(
                    option, "an option is one lower-case name of letters, digits and '-', with ':N' for a value");
        }
        if (OPTIONS_WITH_VALUE.contains(nameOf(option)) && option.indexOf(':') < 0) {
            throw new InvalidDnsOptionException(
                    option, "it takes a value (" + option + ":N); glibc ignores it without");
        }
    }

    private static String nameOf(String option) {
        int colon = option.indexOf(':');
        return colon < 0 ? option : option.substring(0, colon);
    }

    private static Optional<InetAddress> numericAddress(String text) {
        String withoutZone = text.contains("%") ? text.substring(0, text.indexOf('%')) : text;
        boolean numeric =
                withoutZone.matches("[0-9.]+") || (withoutZone.contains(":") && withoutZone.matches("[0-9a-fA-F:.]+"));
        if (!numeric) {
            return Optional.empty();
        }
        try {
            // Numeric text only, so this parses and never asks DNS.
            return Optional.of(InetAddress.getByName(withoutZone));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
