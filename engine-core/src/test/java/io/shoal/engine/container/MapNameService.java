package io.shoal.engine.container;

import io.shoal.engine.dns.DnsEntry;
import io.shoal.engine.dns.NameService;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A minimal name service for ctrcore's tests (netcore's FakeNameService replaces it once merged): resolvers by
 * container, calls logged; {@link #containerResolvConf} renders a short file with the same option check as
 * embedded-dns; {@link #hostUpstreams} keeps non-loopback nameservers.
 */
public final class MapNameService implements NameService {
    private static final Pattern OPTION = Pattern.compile("[a-z0-9][a-z0-9-]*(:[0-9]{1,9})?");

    /** An attached resolver. */
    public record Resolver(Path namespace, List<InetSocketAddress> upstreams) {}

    private final Map<String, Resolver> resolvers = new HashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private boolean failAttach;

    public synchronized Map<String, Resolver> resolvers() {
        return Map.copyOf(resolvers);
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized void failNextAttach() {
        failAttach = true;
    }

    @Override
    public void defineNetwork(String networkName, List<IpPrefix> subnets, boolean ownsReverse) {}

    @Override
    public void removeNetwork(String networkName) {}

    @Override
    public List<String> publish(String networkName, DnsEntry entry) {
        calls.add("publish " + networkName + " " + entry.containerId());
        return List.of();
    }

    @Override
    public void withdraw(String networkName, String containerId) {
        calls.add("withdraw " + networkName + " " + containerId);
    }

    @Override
    public synchronized void attachResolver(String containerId, Path namespace, List<InetSocketAddress> upstreams)
            throws EngineException {
        calls.add("attachResolver " + containerId);
        if (failAttach) {
            failAttach = false;
            throw new EngineException(ErrorKind.INTERNAL, "attachResolver " + containerId + ": injected failure");
        }
        resolvers.put(containerId, new Resolver(namespace, upstreams));
    }

    @Override
    public synchronized void detachResolver(String containerId) {
        calls.add("detachResolver " + containerId);
        resolvers.remove(containerId);
    }

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

    @Override
    public List<InetSocketAddress> hostUpstreams(String hostText) throws EngineException {
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
}
