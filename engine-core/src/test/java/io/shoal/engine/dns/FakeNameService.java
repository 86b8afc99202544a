package io.shoal.engine.dns;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@link NameService} in memory, for tests: it keeps the networks defined, the entries published (by network and
 * container), a log of every call, and answers {@link #lookup} the way the embedded DNS resolves a name on one network
 * (container name, aliases, 12-hex short id, hostname; case-insensitive). Names that are not DNS names (RFC 1035
 * §2.3.4: labels of 1–63 letters, digits, '-' or '_') are left out and returned, as the real one does. Resolvers are
 * kept by container with their namespace and upstreams ({@link #failNextAttach} refuses the next attach);
 * {@link #containerResolvConf} writes a short file with the embedded DNS's option check, and {@link #hostUpstreams}
 * keeps the host's nameservers that are not loopback.
 */
public final class FakeNameService implements NameService {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,63}");
    private static final Pattern OPTION = Pattern.compile("[a-z0-9][a-z0-9-]*(:[0-9]{1,9})?");

    /** A defined network: its subnets and whether reverse lookups are answered locally. */
    public record Definition(List<IpPrefix> subnets, boolean ownsReverse) {}

    /** An attached resolver: the namespace it listens in and where it forwards. */
    public record Resolver(Path namespace, List<InetSocketAddress> upstreams) {}

    private final Map<String, Definition> networks = new LinkedHashMap<>();
    private final Map<String, Map<String, DnsEntry>> entries = new LinkedHashMap<>();
    private final Map<String, Resolver> resolvers = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private boolean failAttach;
    private Runnable beforeAttach = () -> {};
    private int attachments;

    @Override
    public synchronized void defineNetwork(String networkName, List<IpPrefix> subnets, boolean ownsReverse) {
        calls.add("define " + networkName);
        networks.put(networkName, new Definition(List.copyOf(subnets), ownsReverse));
    }

    @Override
    public synchronized void removeNetwork(String networkName) {
        calls.add("remove " + networkName);
        networks.remove(networkName);
        entries.remove(networkName);
    }

    @Override
    public synchronized List<String> publish(String networkName, DnsEntry entry) {
        calls.add("publish " + networkName + " " + entry.containerName());
        entries.computeIfAbsent(networkName, n -> new LinkedHashMap<>()).put(entry.containerId(), entry);
        List<String> leftOut = new ArrayList<>();
        for (String name : names(entry)) {
            if (!isDnsName(name)) {
                leftOut.add(name);
            }
        }
        return leftOut;
    }

    @Override
    public synchronized void withdraw(String networkName, String containerId) {
        calls.add("withdraw " + networkName + " " + containerId.substring(0, Math.min(12, containerId.length())));
        Map<String, DnsEntry> members = entries.get(networkName);
        if (members != null) {
            members.remove(containerId);
        }
    }

    @Override
    public synchronized void attachResolver(String containerId, Path namespace, List<InetSocketAddress> upstreams)
            throws EngineException {
        calls.add("attachResolver " + containerId);
        beforeAttach.run();
        if (failAttach) {
            failAttach = false;
            throw new EngineException(ErrorKind.INTERNAL, "attachResolver " + containerId + ": injected failure");
        }
        Resolver wanted = new Resolver(namespace, List.copyOf(upstreams));
        if (!wanted.equals(resolvers.get(containerId))) {
            resolvers.put(containerId, wanted);
            attachments++;
        }
    }

    /** How many resolvers were started: an attach that keeps the running one (same namespace, upstreams) not counted. */
    public synchronized int resolversStarted() {
        return attachments;
    }

    @Override
    public synchronized void detachResolver(String containerId) {
        calls.add("detachResolver " + containerId);
        resolvers.remove(containerId);
    }

    @Override
    public synchronized void detachResolverBeforeNamespaceDelete(String containerId) {
        calls.add("detachResolverBeforeNamespaceDelete " + containerId);
        resolvers.remove(containerId);
    }

    /** {@code nameserver 127.0.0.11}, {@code search} when not empty, {@code options} and {@code ndots:0}. */
    @Override
    public String containerResolvConf(String hostText, List<String> search, List<String> options)
            throws EngineException {
        for (String option : options) {
            if (!OPTION.matcher(option).matches()) {
                throw new EngineException(ErrorKind.INVALID_ARGUMENT, "invalid DNS option '" + option + "'");
            }
        }
        StringBuilder text = new StringBuilder("nameserver 127.0.0.11\n");
        if (!search.isEmpty()) {
            text.append("search ").append(String.join(" ", search)).append('\n');
        }
        List<String> all = new ArrayList<>(options);
        all.add("ndots:0");
        return text.append("options ")
                .append(String.join(" ", all))
                .append('\n')
                .toString();
    }

    /** The {@code nameserver} lines of {@code hostText} that are not loopback, port 53. */
    @Override
    public List<InetSocketAddress> hostUpstreams(String hostText) {
        List<InetSocketAddress> upstreams = new ArrayList<>();
        for (String line : hostText.split("\n", -1)) {
            String[] words = line.strip().split("\\s+", -1);
            if (words.length == 2 && words[0].equals("nameserver")) {
                InetAddress address = IpAddresses.parse(words[1]);
                if (!address.isLoopbackAddress()) {
                    upstreams.add(new InetSocketAddress(address, 53));
                }
            }
        }
        return upstreams;
    }

    /** Runs {@code hook} at the start of every {@link #attachResolver} (what the engine holds while it runs). */
    public synchronized void beforeAttach(Runnable hook) {
        beforeAttach = hook;
    }

    /** The next {@link #attachResolver} fails with INTERNAL, attaching nothing. */
    public synchronized void failNextAttach() {
        failAttach = true;
    }

    /** The addresses {@code name} resolves to on the network, in publish order; empty when none. */
    public synchronized List<InetAddress> lookup(String networkName, String name) {
        Set<InetAddress> out = new LinkedHashSet<>();
        for (DnsEntry entry : entries.getOrDefault(networkName, Map.of()).values()) {
            for (String candidate : names(entry)) {
                if (isDnsName(candidate) && candidate.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    out.addAll(entry.addresses());
                }
            }
        }
        return List.copyOf(out);
    }

    /** The entry of the container on the network, or null. */
    public synchronized DnsEntry entry(String networkName, String containerId) {
        return entries.getOrDefault(networkName, Map.of()).get(containerId);
    }

    /** Every entry of the network, by container id. */
    public synchronized Map<String, DnsEntry> entries(String networkName) {
        return Map.copyOf(entries.getOrDefault(networkName, Map.of()));
    }

    /** The networks defined, by name. */
    public synchronized Map<String, Definition> networks() {
        return Map.copyOf(networks);
    }

    /** The resolvers attached, by container id. */
    public synchronized Map<String, Resolver> resolvers() {
        return Map.copyOf(resolvers);
    }

    /** Every call so far, e.g. {@code publish web c1}, {@code withdraw web 0123456789ab}. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    private static List<String> names(DnsEntry entry) {
        List<String> names = new ArrayList<>();
        names.add(entry.containerName());
        names.addAll(entry.aliases());
        names.add(entry.containerId()
                .substring(0, Math.min(12, entry.containerId().length())));
        entry.hostname().ifPresent(names::add);
        return names;
    }

    private static boolean isDnsName(String name) {
        String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (trimmed.isEmpty() || trimmed.length() > 253) {
            return false;
        }
        for (String label : trimmed.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }
}
