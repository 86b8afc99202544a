package io.shoal.engine.network;

import io.shoal.net.MacAddress;
import io.shoal.spi.Capabilities;
import io.shoal.spi.DeferredTeardown;
import io.shoal.spi.DriverException;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.EndpointInfo;
import io.shoal.spi.ExternalConnectivity;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.JoinResult;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.PortBinding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network driver that keeps its networks and endpoints in memory and logs every call ({@code createNetwork web},
 * {@code join <12 hex> eth0}…), with the SPI's errors for unknown, duplicate or busy objects, and failures on demand
 * ({@link #failNext}). Host ports it publishes are exclusive across its endpoints; {@link #hostPortsTaken} are held
 * by "host processes".
 */
final class RecordingNetworkDriver implements NetworkDriver, ExternalConnectivity, DeferredTeardown {
    private final String type;
    private final Map<String, NetworkConfig> networks = new LinkedHashMap<>();
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, DriverException> failures = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final AtomicInteger macs = new AtomicInteger();
    final Set<String> hostPortsTaken = new HashSet<>();

    static final class Endpoint {
        final EndpointConfig config;
        final MacAddress mac;
        Optional<JoinRequest> join = Optional.empty();
        List<PortBinding> ports = List.of();

        Endpoint(EndpointConfig config, MacAddress mac) {
            this.config = config;
            this.mac = mac;
        }
    }

    RecordingNetworkDriver(String type) {
        this.type = type;
    }

    /** The next call of {@code method} (e.g. {@code join}) throws {@code failure} and changes nothing. */
    synchronized void failNext(String method, DriverException failure) {
        failures.put(method, failure);
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    synchronized Map<String, NetworkConfig> networks() {
        return Map.copyOf(networks);
    }

    synchronized Map<String, Endpoint> endpoints() {
        return Map.copyOf(endpoints);
    }

    /** Forgets every join, as the driver's own restore does when the sandboxes are gone (a reboot). */
    synchronized void forgetJoins() {
        endpoints.values().forEach(e -> {
            e.join = Optional.empty();
            e.ports = List.of();
        });
    }

    private void enter(String method, String what) {
        calls.add(method + " " + what);
        DriverException failure = failures.remove(method);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.local();
    }

    @Override
    public synchronized void createNetwork(NetworkConfig config) {
        enter("createNetwork", config.name());
        if (networks.containsKey(config.id())) {
            throw DriverException.conflict("network " + config.id() + " exists");
        }
        if (config.options().values().containsKey("refuse")) {
            throw DriverException.invalid("unknown driver option(s) [refuse]");
        }
        networks.put(config.id(), config);
    }

    @Override
    public synchronized void deleteNetwork(String networkId) {
        enter("deleteNetwork", networkName(networkId));
        requireNetwork(networkId);
        if (endpoints.values().stream().anyMatch(e -> e.config.networkId().equals(networkId))) {
            throw DriverException.forbidden("network " + networkId + " has endpoints");
        }
        networks.remove(networkId);
    }

    @Override
    public synchronized EndpointInfo createEndpoint(EndpointConfig config) {
        enter("createEndpoint", Ids.shortId(config.endpointId()));
        requireNetwork(config.networkId());
        if (endpoints.containsKey(config.endpointId())) {
            throw DriverException.conflict("endpoint " + config.endpointId() + " exists");
        }
        int n = macs.incrementAndGet();
        MacAddress mac = config.mac().orElse(MacAddress.of(new byte[] {2, 0x42, 0, 0, (byte) (n >> 8), (byte) n}));
        Endpoint endpoint = new Endpoint(config, mac);
        endpoints.put(config.endpointId(), endpoint);
        return info(endpoint);
    }

    @Override
    public synchronized void deleteEndpoint(String networkId, String endpointId) {
        enter("deleteEndpoint", Ids.shortId(endpointId));
        Endpoint endpoint = requireEndpoint(networkId, endpointId);
        if (endpoint.join.isPresent()) {
            throw DriverException.forbidden("endpoint " + endpointId + " is joined");
        }
        endpoints.remove(endpointId);
    }

    @Override
    public synchronized EndpointInfo endpointInfo(String networkId, String endpointId) {
        return info(requireEndpoint(networkId, endpointId));
    }

    @Override
    public synchronized JoinResult join(JoinRequest request) {
        enter(
                "join",
                Ids.shortId(request.endpointId()) + " " + request.interfaceName() + " gateway="
                        + request.gatewayEndpoint());
        Endpoint endpoint = requireEndpoint(request.networkId(), request.endpointId());
        if (endpoint.join.isPresent()) {
            throw DriverException.conflict("endpoint " + request.endpointId() + " is already joined");
        }
        endpoint.join = Optional.of(request);
        return new JoinResult(request.interfaceName(), Optional.empty(), Optional.empty());
    }

    @Override
    public synchronized void leave(String networkId, String endpointId) {
        enter("leave", Ids.shortId(endpointId));
        Endpoint endpoint = requireEndpoint(networkId, endpointId);
        if (endpoint.join.isEmpty()) {
            throw DriverException.notFound("endpoint " + endpointId + " is not joined");
        }
        endpoint.join = Optional.empty();
        endpoint.ports = List.of();
    }

    @Override
    public synchronized void programExternalConnectivity(
            String networkId, String endpointId, List<PortBinding> bindings) {
        enter("program", Ids.shortId(endpointId) + " " + ports(bindings));
        Endpoint endpoint = requireEndpoint(networkId, endpointId);
        if (networks.get(networkId).internal() && !bindings.isEmpty()) {
            throw DriverException.forbidden("network is internal: it cannot publish ports");
        }
        Set<String> seen = new HashSet<>();
        for (PortBinding binding : bindings) {
            String key = binding.protocol().lowerCase() + "/" + binding.hostPort();
            boolean other = endpoints.values().stream()
                    .filter(e -> e != endpoint)
                    .flatMap(e -> e.ports.stream())
                    .anyMatch(p -> p.protocol() == binding.protocol() && p.hostPort() == binding.hostPort());
            if (other || hostPortsTaken.contains(key) || !seen.add(key)) {
                throw DriverException.conflict("Bind for 0.0.0.0:" + binding.hostPort() + "/"
                        + binding.protocol().lowerCase() + " failed: port is already allocated");
            }
        }
        endpoint.ports = List.copyOf(bindings);
    }

    @Override
    public synchronized void revokeExternalConnectivity(String networkId, String endpointId) {
        enter("revoke", Ids.shortId(endpointId));
        requireEndpoint(networkId, endpointId).ports = List.of();
    }

    @Override
    public synchronized void awaitTeardown(Duration timeout) {
        enter("awaitTeardown", timeout.toString());
    }

    private static String ports(List<PortBinding> bindings) {
        return bindings.stream()
                .map(b -> b.hostPort() + ":" + b.containerPort() + "/"
                        + b.protocol().lowerCase())
                .toList()
                .toString();
    }

    private String networkName(String networkId) {
        NetworkConfig config = networks.get(networkId);
        return config == null ? Ids.shortId(networkId) : config.name();
    }

    private void requireNetwork(String networkId) {
        if (!networks.containsKey(networkId)) {
            throw DriverException.notFound("no network " + networkId);
        }
    }

    private Endpoint requireEndpoint(String networkId, String endpointId) {
        requireNetwork(networkId);
        Endpoint endpoint = endpoints.get(endpointId);
        if (endpoint == null || !endpoint.config.networkId().equals(networkId)) {
            throw DriverException.notFound("no endpoint " + endpointId + " on network " + networkId);
        }
        return endpoint;
    }

    private static EndpointInfo info(Endpoint endpoint) {
        return new EndpointInfo(
                endpoint.config.endpointId(), endpoint.mac, endpoint.config.ipv4(), endpoint.config.ipv6(), Map.of());
    }
}
