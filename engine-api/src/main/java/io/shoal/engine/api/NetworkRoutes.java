package io.shoal.engine.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.shoal.engine.container.ContainerBackend;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.network.EndpointSettings;
import io.shoal.engine.network.EndpointView;
import io.shoal.engine.network.NetworkBackend;
import io.shoal.engine.network.NetworkSpec;
import io.shoal.engine.network.NetworkView;
import io.shoal.engine.network.SubnetSpec;
import io.shoal.engine.network.SubnetView;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code /networks*}: create, list, inspect, remove, connect, disconnect, prune (interfaces reference §1 and §2.2),
 * after moby's {@code api/server/router/network/network_routes.go}. Connect and disconnect change a container, so they
 * go to the {@link ContainerBackend}.
 */
public final class NetworkRoutes {
    private final NetworkBackend networks;
    private final ContainerBackend containers;

    /** Routes over these backends. */
    public NetworkRoutes(NetworkBackend networks, ContainerBackend containers) {
        this.networks = Objects.requireNonNull(networks, "networks");
        this.containers = Objects.requireNonNull(containers, "containers");
    }

    /** Adds the routes to {@code router}. */
    public Router.Builder addTo(Router.Builder router) {
        return router.route(HttpMethod.POST, "/networks/create", this::create)
                .route(HttpMethod.GET, "/networks", this::list)
                .route(HttpMethod.POST, "/networks/prune", this::prune)
                .route(HttpMethod.GET, "/networks/{id}", this::inspect)
                .route(HttpMethod.DELETE, "/networks/{id}", this::remove)
                .route(HttpMethod.POST, "/networks/{id}/connect", this::connect)
                .route(HttpMethod.POST, "/networks/{id}/disconnect", this::disconnect);
    }

    private Response create(Request request) throws EngineException {
        NetworkView created = networks.create(networkSpec(request.jsonBody(false)));
        return Response.json(
                HttpResponseStatus.CREATED,
                new JsonMap().with("Id", created.id()).with("Warning", ""));
    }

    private Response list(Request request) throws EngineException {
        List<Object> list = new ArrayList<>();
        for (NetworkView network : networks.list(request.filters())) {
            list.add(network(network, false));
        }
        return Response.json(HttpResponseStatus.OK, list);
    }

    private Response inspect(Request request) throws EngineException {
        String id = request.pathParameter("id");
        String scope = request.queryValue("scope").orElse("");
        if (!scope.isEmpty() && !scope.equals("local")) {
            throw new EngineException(ErrorKind.NOT_FOUND, "network " + id + " not found");
        }
        return Response.json(HttpResponseStatus.OK, network(networks.inspect(id), true));
    }

    private Response remove(Request request) throws EngineException {
        networks.remove(request.pathParameter("id"));
        return Response.empty(HttpResponseStatus.NO_CONTENT);
    }

    private Response connect(Request request) throws EngineException {
        JsonBody body = request.jsonBody(false);
        String container = requireContainer(body);
        containers.connect(request.pathParameter("id"), container, endpointSettings(body.object("EndpointConfig")));
        return Response.empty(HttpResponseStatus.OK);
    }

    private Response disconnect(Request request) throws EngineException {
        JsonBody body = request.jsonBody(false);
        String container = requireContainer(body);
        containers.disconnect(request.pathParameter("id"), container, body.bool("Force"));
        return Response.empty(HttpResponseStatus.OK);
    }

    private Response prune(Request request) throws EngineException {
        List<String> deleted = networks.prune(request.filters());
        return Response.json(HttpResponseStatus.OK, new JsonMap().with("NetworksDeleted", deleted));
    }

    private static String requireContainer(JsonBody body) throws EngineException {
        String container = body.string("Container");
        if (container.isEmpty()) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "a container name or id is required (Container)");
        }
        return container;
    }

    /**
     * The create request (moby's {@code NetworkCreateRequest}); absent or null members take Docker's defaults (driver
     * {@code bridge}, IPAM driver {@code default}). Swarm-only settings are refused.
     */
    static NetworkSpec networkSpec(JsonBody body) throws EngineException {
        String name = body.string("Name");
        if (name.isBlank()) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "a network name is required (Name)");
        }
        String scope = body.string("Scope");
        if (!scope.isEmpty() && !scope.equals("local")) {
            throw new EngineException(
                    ErrorKind.NOT_IMPLEMENTED,
                    "network scope " + scope + " is not supported: Shoal has local networks only");
        }
        if (body.bool("Ingress")
                || body.bool("ConfigOnly")
                || !body.object("ConfigFrom").string("Network").isEmpty()) {
            throw new EngineException(
                    ErrorKind.NOT_IMPLEMENTED,
                    "ingress, config-only and config-from networks are not supported: they are swarm features");
        }
        String driver = body.string("Driver");
        JsonBody ipam = body.object("IPAM");
        String ipamDriver = ipam.string("Driver");
        List<SubnetSpec> subnets = new ArrayList<>();
        for (JsonBody config : ipam.objectList("Config")) {
            subnets.add(subnetSpec(config));
        }
        return new NetworkSpec(
                name,
                driver.isEmpty() ? "bridge" : driver,
                body.stringMap("Options"),
                body.stringMap("Labels"),
                ipamDriver.isEmpty() ? "default" : ipamDriver,
                ipam.stringMap("Options"),
                subnets,
                body.bool("EnableIPv6"),
                body.bool("Internal"),
                body.bool("Attachable"));
    }

    private static SubnetSpec subnetSpec(JsonBody config) throws EngineException {
        Map<String, InetAddress> aux = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry :
                config.stringMap("AuxiliaryAddresses").entrySet()) {
            aux.put(entry.getKey(), address(config.path() + ".AuxiliaryAddresses." + entry.getKey(), entry.getValue()));
        }
        return new SubnetSpec(
                prefix(config.path() + ".Subnet", config.string("Subnet")),
                prefix(config.path() + ".IPRange", config.string("IPRange")),
                optionalAddress(config.path() + ".Gateway", config.string("Gateway")),
                aux);
    }

    /**
     * An endpoint's settings (moby's {@code EndpointSettings} as input): {@code IPAMConfig.IPv4Address/IPv6Address},
     * {@code Aliases}, {@code MacAddress}, {@code DriverOpts}. Legacy links are refused.
     */
    static EndpointSettings endpointSettings(JsonBody endpoint) throws EngineException {
        if (!endpoint.strings("Links").isEmpty()) {
            throw new EngineException(
                    ErrorKind.NOT_IMPLEMENTED, "legacy container links are not supported: use a user-defined network");
        }
        JsonBody ipam = endpoint.object("IPAMConfig");
        String mac = endpoint.string("MacAddress");
        Optional<MacAddress> macAddress = Optional.empty();
        if (!mac.isEmpty()) {
            try {
                macAddress = Optional.of(MacAddress.parse(mac));
            } catch (IllegalArgumentException e) {
                throw new EngineException(
                        ErrorKind.INVALID_ARGUMENT, "invalid MAC address " + mac + ": " + e.getMessage(), e);
            }
        }
        return new EndpointSettings(
                endpoint.strings("Aliases"),
                optionalAddress(ipam.path() + ".IPv4Address", ipam.string("IPv4Address")),
                optionalAddress(ipam.path() + ".IPv6Address", ipam.string("IPv6Address")),
                macAddress,
                endpoint.stringMap("DriverOpts"));
    }

    private static Optional<IpPrefix> prefix(String what, String text) throws EngineException {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(IpPrefix.parse(text));
        } catch (IllegalArgumentException e) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT, "invalid " + what + " " + text + ": " + e.getMessage(), e);
        }
    }

    private static Optional<InetAddress> optionalAddress(String what, String text) throws EngineException {
        return text.isEmpty() ? Optional.empty() : Optional.of(address(what, text));
    }

    private static InetAddress address(String what, String text) throws EngineException {
        try {
            return IpAddresses.parse(text);
        } catch (IllegalArgumentException e) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT, "invalid " + what + " " + text + ": " + e.getMessage(), e);
        }
    }

    /**
     * Docker's {@code Network} object: {@code Containers} is {@code {}} in a list (API ≥ 1.28) and each endpoint in
     * an inspect; Options and Labels are maps, never null; IPAM entries omit what was not set.
     */
    static JsonMap network(NetworkView network, boolean withContainers) {
        Map<String, Object> attached = new TreeMap<>();
        if (withContainers) {
            network.containers().forEach((id, endpoint) -> attached.put(id, networkContainer(endpoint)));
        }
        List<Object> config = new ArrayList<>();
        for (SubnetView subnet : network.subnets()) {
            config.add(new JsonMap()
                    .with("Subnet", subnet.subnet().toString())
                    .withNonEmpty(
                            "IPRange", subnet.ipRange().map(IpPrefix::toString).orElse(""))
                    .withNonEmpty(
                            "Gateway", subnet.gateway().map(IpAddresses::format).orElse(""))
                    .withNonEmpty("AuxiliaryAddresses", addresses(subnet.auxAddresses())));
        }
        return new JsonMap()
                .with("Name", network.name())
                .with("Id", network.id())
                .with("Created", Times.rfc3339Nano(network.created()))
                .with("Scope", "local")
                .with("Driver", network.driver())
                // API 1.47 added EnableIPv4; every Shoal network has IPv4 (IPv6-only networks are not offered).
                .with("EnableIPv4", true)
                .with("EnableIPv6", network.enableIpv6())
                .with(
                        "IPAM",
                        new JsonMap()
                                .with("Driver", network.ipamDriver())
                                .with("Options", new TreeMap<>(network.ipamOptions()))
                                .with("Config", config))
                .with("Internal", network.internal())
                .with("Attachable", network.attachable())
                .with("Ingress", false)
                .with("ConfigFrom", new JsonMap().with("Network", ""))
                .with("ConfigOnly", false)
                .with("Containers", attached)
                .with("Options", new TreeMap<>(network.options()))
                .with("Labels", new TreeMap<>(network.labels()));
    }

    private static Map<String, String> addresses(Map<String, InetAddress> addresses) {
        Map<String, String> texts = new TreeMap<>();
        addresses.forEach((name, address) -> texts.put(name, IpAddresses.format(address)));
        return texts;
    }

    /** One entry of a network's {@code Containers}: addresses in CIDR form, {@code ""} when absent. */
    private static JsonMap networkContainer(EndpointView endpoint) {
        return new JsonMap()
                .with("Name", endpoint.containerName())
                .with("EndpointID", endpoint.endpointId())
                .with("MacAddress", endpoint.mac().map(MacAddress::toString).orElse(""))
                .with("IPv4Address", endpoint.ipv4().map(IpPrefix::toString).orElse(""))
                .with("IPv6Address", endpoint.ipv6().map(IpPrefix::toString).orElse(""));
    }
}
