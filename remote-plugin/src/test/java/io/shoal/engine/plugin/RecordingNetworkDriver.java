package io.shoal.engine.plugin;

import io.shoal.net.MacAddress;
import io.shoal.spi.Capabilities;
import io.shoal.spi.DriverException;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.EndpointInfo;
import io.shoal.spi.ExternalConnectivity;
import io.shoal.spi.InterfaceHandOver;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.JoinResult;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.PortBinding;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A driver that keeps networks and endpoints in maps and records every call that changed something. */
final class RecordingNetworkDriver implements NetworkDriver, ExternalConnectivity, InterfaceHandOver {
    final String type;
    final boolean handsOver;
    final List<String> changes = new ArrayList<>();
    final Map<String, NetworkConfig> networks = new LinkedHashMap<>();
    final Map<String, EndpointConfig> endpoints = new LinkedHashMap<>();
    final Map<String, JoinRequest> joins = new LinkedHashMap<>();
    final Map<String, List<PortBinding>> ports = new LinkedHashMap<>();
    /** Host ports the "host" already holds: publishing one is a CONFLICT. */
    final Set<Integer> takenHostPorts = new java.util.HashSet<>();

    RecordingNetworkDriver(String type, boolean handsOver) {
        this.type = type;
        this.handsOver = handsOver;
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
        config.options().requireKnown(Set.of("color", "com.docker.network.bridge.name"));
        if (networks.putIfAbsent(config.id(), config) != null) {
            throw DriverException.conflict("network " + config.id() + " exists");
        }
        changes.add("createNetwork " + config.id());
    }

    @Override
    public synchronized void deleteNetwork(String networkId) {
        network(networkId);
        networks.remove(networkId);
        changes.add("deleteNetwork " + networkId);
    }

    @Override
    public synchronized EndpointInfo createEndpoint(EndpointConfig config) {
        network(config.networkId());
        config.options().requireKnown(Set.of());
        if (endpoints.putIfAbsent(config.endpointId(), config) != null) {
            throw DriverException.conflict("endpoint " + config.endpointId() + " exists");
        }
        changes.add("createEndpoint " + config.endpointId());
        return info(config);
    }

    private static EndpointInfo info(EndpointConfig config) {
        return new EndpointInfo(
                config.endpointId(),
                config.mac().orElse(MacAddress.parse("02:42:0a:01:00:02")),
                config.ipv4(),
                config.ipv6(),
                Map.of("host-veth", "veth0"));
    }

    @Override
    public synchronized void deleteEndpoint(String networkId, String endpointId) {
        endpoint(networkId, endpointId);
        if (joins.containsKey(endpointId)) {
            throw DriverException.forbidden("endpoint " + endpointId + " is joined");
        }
        endpoints.remove(endpointId);
        changes.add("deleteEndpoint " + endpointId);
    }

    @Override
    public synchronized EndpointInfo endpointInfo(String networkId, String endpointId) {
        return info(endpoint(networkId, endpointId));
    }

    @Override
    public synchronized JoinResult join(JoinRequest request) {
        endpoint(request.networkId(), request.endpointId());
        joins.put(request.endpointId(), request);
        changes.add(
                "join " + request.endpointId() + (request.handOver() ? " handOver " : " ") + request.interfaceName());
        return new JoinResult(request.interfaceName(), Optional.of(InetAddress.getLoopbackAddress()), Optional.empty());
    }

    @Override
    public JoinResult joinForHandOver(JoinRequest request) {
        if (!handsOver) {
            throw new AssertionError("not a hand-over driver");
        }
        return join(new JoinRequest(
                request.networkId(),
                request.endpointId(),
                request.sandbox(),
                request.interfaceName(),
                request.gatewayEndpoint(),
                true));
    }

    /** Runs first in every {@link #prepareHandOver} (a test holding it back). */
    volatile Runnable onPrepare = () -> {};

    /** Records {@code prepare ENDPOINT NAME}; the join does the rest, as a driver that prepares nothing. */
    @Override
    public synchronized void prepareHandOver(String networkId, String endpointId, String interfaceName) {
        onPrepare.run();
        endpoint(networkId, endpointId);
        changes.add("prepare " + endpointId + " " + interfaceName);
    }

    @Override
    public synchronized void leave(String networkId, String endpointId) {
        endpoint(networkId, endpointId);
        if (joins.remove(endpointId) == null) {
            throw DriverException.notFound("endpoint " + endpointId + " is not joined");
        }
        changes.add("leave " + endpointId);
    }

    @Override
    public synchronized void programExternalConnectivity(
            String networkId, String endpointId, List<PortBinding> bindings) {
        endpoint(networkId, endpointId);
        for (PortBinding binding : bindings) {
            if (takenHostPorts.contains(binding.hostPort())) {
                throw DriverException.conflict("port " + binding.hostPort() + " is taken");
            }
        }
        ports.put(endpointId, bindings);
        changes.add("program " + endpointId + " " + bindings.size());
    }

    @Override
    public synchronized void revokeExternalConnectivity(String networkId, String endpointId) {
        endpoint(networkId, endpointId);
        ports.remove(endpointId);
        changes.add("revoke " + endpointId);
    }

    private NetworkConfig network(String networkId) {
        NetworkConfig network = networks.get(networkId);
        if (network == null) {
            throw DriverException.notFound("no network " + networkId);
        }
        return network;
    }

    private EndpointConfig endpoint(String networkId, String endpointId) {
        network(networkId);
        EndpointConfig endpoint = endpoints.get(endpointId);
        if (endpoint == null || !endpoint.networkId().equals(networkId)) {
            throw DriverException.notFound("no endpoint " + endpointId + " on network " + networkId);
        }
        return endpoint;
    }

    /** A driver whose class has no hand-over capability at all (macvlan today). */
    static NetworkDriver withoutHandOver(String type) {
        RecordingNetworkDriver inner = new RecordingNetworkDriver(type, false);
        return new NetworkDriver() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Capabilities capabilities() {
                return Capabilities.local();
            }

            @Override
            public void createNetwork(NetworkConfig config) {
                inner.createNetwork(config);
            }

            @Override
            public void deleteNetwork(String networkId) {
                inner.deleteNetwork(networkId);
            }

            @Override
            public EndpointInfo createEndpoint(EndpointConfig config) {
                return inner.createEndpoint(config);
            }

            @Override
            public void deleteEndpoint(String networkId, String endpointId) {
                inner.deleteEndpoint(networkId, endpointId);
            }

            @Override
            public EndpointInfo endpointInfo(String networkId, String endpointId) {
                return inner.endpointInfo(networkId, endpointId);
            }

            @Override
            public JoinResult join(JoinRequest request) {
                return inner.join(request);
            }

            @Override
            public void leave(String networkId, String endpointId) {
                inner.leave(networkId, endpointId);
            }
        };
    }
}
