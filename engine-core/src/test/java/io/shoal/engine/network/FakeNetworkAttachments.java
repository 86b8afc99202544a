package io.shoal.engine.network;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.sandbox.SandboxRef;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Networks and endpoints in memory for tests: networks added by the test ({@link #add}), found by id, name or unique
 * id prefix; attach hands out the next address of each subnet (from .2) and reports the network's gateways; ports are
 * "published" by choosing any host port from 49153 on, else the range's first. {@link #failOn} makes the next call of an operation fail.
 */
public final class FakeNetworkAttachments implements NetworkAttachments {
    /** One attached endpoint, with the interface and sandbox it was attached with. */
    public record Attached(SandboxRef sandbox, String interfaceName, EndpointView view, EndpointSettings settings) {}

    private final Map<String, NetworkView> networks = new LinkedHashMap<>();
    private final Map<String, Integer> nextHost = new HashMap<>();
    private final Map<String, List<Attached>> endpoints = new LinkedHashMap<>();
    private final Map<String, List<PublishedPort>> published = new HashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private Runnable onDetach = () -> {};
    private int nextPort = 49153;
    private int nextId = 1;

    /**
     * Adds a network. {@code v4}/{@code v6}: subnet CIDR or null; the gateway is the subnet's first address.
     */
    public synchronized NetworkView add(
            String name, String driver, boolean builtin, boolean internal, String v4, String v6) {
        String id = String.format("%064x", BigInteger.valueOf(0xabc000L + nextId++));
        List<SubnetView> subnets = new ArrayList<>();
        for (String cidr : new String[] {v4, v6}) {
            if (cidr != null) {
                IpPrefix subnet = IpPrefix.parse(cidr);
                subnets.add(new SubnetView(subnet, Optional.of(offset(subnet, 1)), Optional.empty(), Map.of()));
            }
        }
        NetworkView view = new NetworkView(
                id,
                name,
                driver,
                Instant.EPOCH,
                builtin,
                v6 != null,
                internal,
                false,
                "default",
                Map.of(),
                subnets,
                Map.of(),
                Map.of(),
                Map.of());
        networks.put(id, view);
        return view;
    }

    /** The next call of {@code operation} ({@code attach}, {@code detach}, {@code programPorts}) fails. */
    public synchronized void failOn(String operation) {
        failOn(operation, 0);
    }

    /** The call of {@code operation} after {@code skip} successful ones fails. */
    public synchronized void failOn(String operation, int skip) {
        failures.put(operation, skip);
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** Runs {@code hook} at the start of every later {@link #detach} (to see what else is there at that moment). */
    public synchronized void onDetach(Runnable hook) {
        onDetach = hook;
    }

    /** Every attached endpoint of every container. */
    public synchronized List<Attached> attached() {
        List<Attached> all = new ArrayList<>();
        endpoints.values().forEach(all::addAll);
        return all;
    }

    public synchronized List<PublishedPort> publishedFor(String containerId) {
        return published.getOrDefault(containerId, List.of());
    }

    @Override
    public synchronized NetworkView find(String idOrName) throws EngineException {
        NetworkView exact = networks.get(idOrName);
        if (exact != null) {
            return exact;
        }
        for (NetworkView view : networks.values()) {
            if (view.name().equals(idOrName)) {
                return view;
            }
        }
        List<NetworkView> prefixed = networks.values().stream()
                .filter(v -> v.id().startsWith(idOrName))
                .toList();
        if (prefixed.size() == 1) {
            return prefixed.get(0);
        }
        throw new EngineException(ErrorKind.NOT_FOUND, "network " + idOrName + " not found");
    }

    @Override
    public synchronized EndpointView attach(
            SandboxRef sandbox, String networkId, EndpointSettings settings, String interfaceName)
            throws EngineException {
        call("attach", sandbox.containerId() + " " + networkId + " " + interfaceName);
        NetworkView network = find(networkId);
        List<Attached> mine = endpoints.computeIfAbsent(sandbox.containerId(), k -> new ArrayList<>());
        if (mine.stream().anyMatch(a -> a.view().networkId().equals(networkId))) {
            throw new EngineException(
                    ErrorKind.CONFLICT,
                    "container " + sandbox.containerName() + " is already attached to network " + network.name());
        }
        Optional<IpPrefix> v4 = Optional.empty();
        Optional<IpPrefix> v6 = Optional.empty();
        Optional<InetAddress> gw4 = Optional.empty();
        Optional<InetAddress> gw6 = Optional.empty();
        int host = nextHost.merge(networkId, 1, Integer::sum) + 1;
        for (SubnetView subnet : network.subnets()) {
            IpPrefix address =
                    new IpPrefix(offset(subnet.subnet(), host), subnet.subnet().length());
            if (subnet.subnet().isIpv4()) {
                v4 = Optional.of(address);
                gw4 = subnet.gateway();
            } else {
                v6 = Optional.of(address);
                gw6 = subnet.gateway();
            }
        }
        List<String> dnsNames = network.builtin()
                ? List.of()
                : List.of(sandbox.containerName(), sandbox.containerId().substring(0, 12));
        EndpointView view = new EndpointView(
                networkId,
                network.name(),
                "ep-" + sandbox.containerId().substring(0, 6) + "-" + network.name(),
                sandbox.containerId(),
                sandbox.containerName(),
                Optional.empty(),
                v4,
                v6,
                gw4,
                gw6,
                settings.aliases(),
                dnsNames);
        mine.add(new Attached(sandbox, interfaceName, view, settings));
        return view;
    }

    @Override
    public synchronized void detach(String containerId, String networkId) throws EngineException {
        call("detach", containerId + " " + networkId);
        onDetach.run();
        List<Attached> mine = endpoints.getOrDefault(containerId, new ArrayList<>());
        boolean removed = mine.removeIf(a -> a.view().networkId().equals(networkId));
        if (!removed) {
            throw new EngineException(
                    ErrorKind.NOT_FOUND, "container " + containerId + " is not attached to network " + networkId);
        }
        if (mine.isEmpty()) {
            endpoints.remove(containerId);
            published.remove(containerId);
        }
    }

    @Override
    public synchronized List<EndpointView> endpointsOf(String containerId) {
        List<EndpointView> views = new ArrayList<>();
        endpoints.getOrDefault(containerId, List.of()).forEach(a -> views.add(a.view()));
        return views;
    }

    @Override
    public synchronized List<EndpointView> endpoints() {
        return attached().stream().map(Attached::view).toList();
    }

    @Override
    public synchronized List<PublishedPort> programPorts(String containerId, String networkId, List<PortRequest> ports)
            throws EngineException {
        call("programPorts", containerId + " " + networkId);
        if (endpointsOf(containerId).stream().noneMatch(e -> e.networkId().equals(networkId))) {
            throw new EngineException(ErrorKind.NOT_FOUND, "no endpoint of " + containerId + " on " + networkId);
        }
        List<PublishedPort> bound = new ArrayList<>();
        for (PortRequest request : ports) {
            int hostPort = request.anyHostPort() ? nextPort++ : request.hostPortLow();
            bound.add(new PublishedPort(request.containerPort(), request.hostAddress(), hostPort));
        }
        if (bound.isEmpty()) {
            published.remove(containerId);
        } else {
            published.put(containerId, bound);
        }
        return bound;
    }

    private static InetAddress offset(IpPrefix subnet, int n) {
        BigInteger base = new BigInteger(1, subnet.network().address().getAddress());
        byte[] raw = base.add(BigInteger.valueOf(n)).toByteArray();
        int size = subnet.isIpv4() ? 4 : 16;
        byte[] bytes = new byte[size];
        int copy = Math.min(raw.length, size);
        System.arraycopy(raw, raw.length - copy, bytes, size - copy, copy);
        return IpAddresses.fromBytes(bytes);
    }

    private void call(String operation, String object) throws EngineException {
        calls.add(operation + " " + object);
        Integer skip = failures.get(operation);
        if (skip != null) {
            if (skip == 0) {
                failures.remove(operation);
                throw new EngineException(ErrorKind.INTERNAL, operation + " " + object + ": injected failure");
            }
            failures.put(operation, skip - 1);
        }
    }
}
