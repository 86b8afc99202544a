package io.shoal.engine.dns;

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
 * §2.3.4: labels of 1–63 letters, digits, '-' or '_') are left out and returned, as the real one does.
 */
public final class FakeNameService implements NameService {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,63}");

    /** A defined network: its subnets and whether reverse lookups are answered locally. */
    public record Definition(List<IpPrefix> subnets, boolean ownsReverse) {}

    private final Map<String, Definition> networks = new LinkedHashMap<>();
    private final Map<String, Map<String, DnsEntry>> entries = new LinkedHashMap<>();
    private final Map<String, Path> resolvers = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();

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
    public synchronized void attachResolver(String containerId, Path namespace, List<InetSocketAddress> upstreams) {
        calls.add("attachResolver " + containerId);
        resolvers.put(containerId, namespace);
    }

    @Override
    public synchronized void detachResolver(String containerId) {
        calls.add("detachResolver " + containerId);
        resolvers.remove(containerId);
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
    public synchronized Map<String, Path> resolvers() {
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
