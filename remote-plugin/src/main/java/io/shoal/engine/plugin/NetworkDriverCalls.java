package io.shoal.engine.plugin;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.spi.DriverException;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.EndpointInfo;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.ExternalConnectivity;
import io.shoal.spi.InterfaceHandOver;
import io.shoal.spi.IpamData;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.JoinResult;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.PortBinding;
import io.shoal.spi.SandboxRef;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * libnetwork's remote {@code NetworkDriver.*} calls (interfaces-reference §3) onto Shoal's {@link NetworkDriver}s.
 * Which driver serves a network is the {@link #DRIVER_OPTION} of {@code docker network create -o} (default {@code
 * bridge}); every later call goes to that network's driver ({@link NetworkPlacement}). Every request is read and
 * checked in full before a driver is called, so a bad request changes nothing.
 */
public final class NetworkDriverCalls {
    private static final System.Logger LOG = System.getLogger(NetworkDriverCalls.class.getName());

    /** The {@code -o} option choosing Shoal's driver for a network; removed before the driver sees the options. */
    public static final String DRIVER_OPTION = "shoal.driver";

    static final String DEFAULT_DRIVER = "bridge";
    static final String GENERIC = "com.docker.network.generic";
    static final String ENABLE_IPV6 = "com.docker.network.enable_ipv6";
    static final String INTERNAL = "com.docker.network.internal";
    static final String PORT_MAP = "com.docker.network.portmap";
    static final String DOCKER_LABELS = "com.docker.network.";
    /** The bridge driver's name option (Docker's); the plugin's bridges default to {@link #BRIDGE_PREFIX} + 12 hex. */
    static final String BRIDGE_NAME = "com.docker.network.bridge.name";
    /**
     * The prefix of the plugin's bridge names, {@code sh-} (15 bytes with 12 hex digits): one firewall rule of
     * dockerd's {@code DOCKER-USER} chain ({@code -i sh-+}, {@code -o sh-+}) then hands every Shoal bridge's forwarded
     * traffic to Shoal's own nftables table, past the DROP policy dockerd gives {@code FORWARD} (docs/plugin.md).
     */
    static final String BRIDGE_PREFIX = "sh-";
    /** The prefix dockerd gives the interface it moves into the sandbox: {@code eth0}, {@code eth1}… */
    static final String DESTINATION_PREFIX = "eth";

    private final NetworkPlacement placement;
    private final HostPortChoice ports = new HostPortChoice();
    /**
     * The endpoints ({@code NETWORK/ENDPOINT}) this plugin knows to publish no port: created here, or their ports
     * revoked or programmed empty since. dockerd programs and revokes an empty port map on every connect and disconnect
     * of a gateway endpoint; for these the answer needs no driver call ({@link #registerQuick}). An endpoint leaves the
     * set before its ports are programmed or it is deleted, so the set never claims more than is true; after a restart
     * it is empty and those calls go to the driver.
     */
    private final Set<String> portless = ConcurrentHashMap.newKeySet();

    NetworkDriverCalls(NetworkPlacement placement) {
        this.placement = placement;
    }

    /**
     * The calls over {@code drivers} (by type), which networks they serve kept in {@code store}.
     *
     * @param drivers Shoal's network drivers by type; must hold {@code bridge}
     * @param store the plugin's own records
     */
    public static NetworkDriverCalls over(Map<String, NetworkDriver> drivers, io.shoal.spi.DriverStore store) {
        return new NetworkDriverCalls(new NetworkPlacement(drivers, store));
    }

    void register(Map<String, PluginCalls.Handler> handlers) {
        handlers.put("NetworkDriver.GetCapabilities", body -> Map.of("Scope", "local", "ConnectivityScope", "local"));
        handlers.put("NetworkDriver.CreateNetwork", body -> createNetwork(parse("CreateNetwork", body)));
        handlers.put("NetworkDriver.DeleteNetwork", body -> deleteNetwork(parse("DeleteNetwork", body)));
        handlers.put("NetworkDriver.EndpointOperInfo", body -> endpointInfo(parse("EndpointOperInfo", body)));
        handlers.put("NetworkDriver.DeleteEndpoint", body -> deleteEndpoint(parse("DeleteEndpoint", body)));
        handlers.put("NetworkDriver.Join", body -> join(parse("Join", body)));
        handlers.put("NetworkDriver.Leave", body -> leave(parse("Leave", body)));
        handlers.put(
                "NetworkDriver.ProgramExternalConnectivity",
                body -> programExternalConnectivity(parse("ProgramExternalConnectivity", body)));
        handlers.put(
                "NetworkDriver.RevokeExternalConnectivity",
                body -> revokeExternalConnectivity(parse("RevokeExternalConnectivity", body)));
        handlers.put("NetworkDriver.DiscoverNew", body -> discover(parse("DiscoverNew", body)));
        handlers.put("NetworkDriver.DiscoverDelete", body -> discover(parse("DiscoverDelete", body)));
        handlers.put("NetworkDriver.AllocateNetwork", body -> allocateNetwork(parse("AllocateNetwork", body)));
        handlers.put("NetworkDriver.FreeNetwork", body -> freeNetwork(parse("FreeNetwork", body)));
    }

    /** {@code CreateEndpoint}, which leaves the coming join's kernel work for after its reply ({@link #createEndpoint}). */
    void registerFollowed(Map<String, PluginCalls.FollowedHandler> followed) {
        followed.put("NetworkDriver.CreateEndpoint", body -> createEndpoint(parse("CreateEndpoint", body)));
    }

    /**
     * The calls answered on the server's event loop when nothing has to wait ({@link PluginCalls#quickCall}): {@code
     * EndpointOperInfo} of a network whose driver memory knows (a driver's {@code endpointInfo} never waits), and
     * {@code Program}/{@code RevokeExternalConnectivity} that leave an endpoint without ports as it is. Each parses and
     * checks its request in full first, as its handler thread's version does; {@code null} leaves it to that one.
     */
    void registerQuick(Map<String, PluginCalls.Handler> quick) {
        quick.put("NetworkDriver.EndpointOperInfo", body -> {
            JsonRequest request = parse("EndpointOperInfo", body);
            return placement.known(request.requiredText("NetworkID")).isPresent() ? endpointInfo(request) : null;
        });
        quick.put("NetworkDriver.ProgramExternalConnectivity", body -> {
            JsonRequest request = parse("ProgramExternalConnectivity", body);
            String networkId = request.requiredText("NetworkID");
            String endpointId = request.requiredText("EndpointID");
            boolean none = portMap(request).isEmpty();
            return none && unchanged(networkId, endpointId) ? Map.of() : null;
        });
        quick.put("NetworkDriver.RevokeExternalConnectivity", body -> {
            JsonRequest request = parse("RevokeExternalConnectivity", body);
            String networkId = request.requiredText("NetworkID");
            String endpointId = request.requiredText("EndpointID");
            return unchanged(networkId, endpointId) ? Map.of() : null;
        });
    }

    /** Whether leaving the endpoint without ports changes nothing, known without asking its driver. */
    private boolean unchanged(String networkId, String endpointId) {
        Optional<NetworkDriver> driver = placement.known(networkId);
        return driver.isPresent()
                && (!(driver.get() instanceof ExternalConnectivity) || portless.contains(key(networkId, endpointId)));
    }

    private static String key(String networkId, String endpointId) {
        return networkId + "/" + endpointId;
    }

    private static JsonRequest parse(String method, byte[] body) {
        return JsonRequest.parse("NetworkDriver." + method, body);
    }

    private Map<String, Object> createNetwork(JsonRequest request) {
        String networkId = request.requiredText("NetworkID");
        JsonRequest options = request.object("Options");
        Map<String, String> generic = new LinkedHashMap<>(options.stringMap(GENERIC));
        boolean ipv6Enabled = options.optionalBool(ENABLE_IPV6);
        boolean internal = options.optionalBool(INTERNAL);
        List<IpamData> ipv4 = pools(request, "IPv4Data");
        List<IpamData> ipv6 = pools(request, "IPv6Data");
        if (!ipv6.isEmpty() && !ipv6Enabled) {
            throw request.invalid("IPv6Data", "is given but " + ENABLE_IPV6 + " is not true; create with --ipv6");
        }
        String type = Optional.ofNullable(generic.remove(DRIVER_OPTION)).orElse(DEFAULT_DRIVER);
        NetworkDriver driver = placement.driverOfType(type, DRIVER_OPTION);
        if (type.equals(DEFAULT_DRIVER)) {
            generic.putIfAbsent(BRIDGE_NAME, BRIDGE_PREFIX + shortId(networkId));
        }
        if (placement.find(networkId).isPresent()) {
            throw DriverException.conflict("network " + networkId + " already exists");
        }
        NetworkConfig config = new NetworkConfig(
                networkId, shortId(networkId), DriverOptions.of(generic), Map.of(), ipv4, ipv6, internal);
        placement.place(networkId, driver);
        try {
            driver.createNetwork(config);
        } catch (RuntimeException e) {
            placement.forget(networkId);
            throw e;
        }
        return Map.of();
    }

    private static List<IpamData> pools(JsonRequest request, String field) {
        List<IpamData> out = new ArrayList<>();
        for (JsonRequest data : request.objects(field)) {
            IpPrefix pool = data.optionalPrefix("Pool")
                    .orElseThrow(() -> data.invalid("Pool", "is missing; every IPAMData has its subnet"));
            Map<String, InetAddress> aux = new LinkedHashMap<>();
            data.stringMap("AuxAddresses").forEach((name, cidr) -> {
                try {
                    aux.put(name, IpPrefix.parse(cidr).address());
                } catch (IllegalArgumentException e) {
                    throw data.invalid("AuxAddresses." + name, "'" + cidr + "' is not CIDR: " + e.getMessage());
                }
            });
            out.add(new IpamData(
                    data.optionalText("AddressSpace").orElse("local"), pool, data.optionalPrefix("Gateway"), aux));
        }
        return out;
    }

    private Map<String, Object> deleteNetwork(JsonRequest request) {
        String networkId = request.requiredText("NetworkID");
        placement.driverOf(networkId).deleteNetwork(networkId);
        placement.forget(networkId);
        return Map.of();
    }

    private PluginCalls.Answer createEndpoint(JsonRequest request) {
        String networkId = request.requiredText("NetworkID");
        String endpointId = request.requiredText("EndpointID");
        JsonRequest iface = request.object("Interface");
        Optional<IpPrefix> ipv4 = iface.optionalPrefix("Address");
        Optional<IpPrefix> ipv6 = iface.optionalPrefix("AddressIPv6");
        Optional<MacAddress> mac = iface.optionalText("MacAddress").map(text -> {
            try {
                return MacAddress.parse(text);
            } catch (IllegalArgumentException e) {
                throw iface.invalid("MacAddress", "'" + text + "' is not a MAC address: " + e.getMessage());
            }
        });
        Map<String, String> options = endpointOptions(request);
        NetworkDriver driver = placement.driverOf(networkId);
        EndpointInfo info = driver.createEndpoint(
                new EndpointConfig(networkId, endpointId, ipv4, ipv6, mac, DriverOptions.of(options)));
        portless.add(key(networkId, endpointId));
        // dockerd refuses a reply that sets what it sent (it rolls the endpoint back): only the MAC it left open.
        Map<String, Object> reply = mac.isPresent()
                ? Map.of()
                : Map.of("Interface", Map.of("MacAddress", info.mac().toString()));
        Runnable prepare = driver instanceof InterfaceHandOver handOver
                ? () -> prepareHandOver(handOver, networkId, endpointId)
                : Reply.NOTHING;
        return new PluginCalls.Answer(reply, prepare);
    }

    /**
     * Starts the coming join's kernel work (the bridge driver's veth pair), once the {@code CreateEndpoint} reply is
     * written: it then overlaps dockerd's own work until the {@code Join} comes instead of competing with the reply for
     * a core. Only a head start: when it cannot start (the endpoint deleted or joined meanwhile) the join does it all.
     */
    private static void prepareHandOver(InterfaceHandOver handOver, String networkId, String endpointId) {
        try {
            handOver.prepareHandOver(networkId, endpointId, temporaryName(networkId, endpointId));
        } catch (DriverException e) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "endpoint " + endpointId + ": its join's interface not made ahead (the join makes it): "
                            + e.getMessage());
        }
    }

    /**
     * The endpoint's own options for the driver: the user's {@code --driver-opt}s (string values), without the keys
     * dockerd adds to endpoints itself, all under {@code com.docker.network.} (exposed ports, port map, MAC address,
     * DNS servers; libnetwork {@code netlabel}).
     */
    private static Map<String, String> endpointOptions(JsonRequest request) {
        Object node = request.raw("Options");
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof Map<?, ?> options)) {
            throw request.invalid("Options", "must be a JSON object, not " + JsonRequest.kind(node));
        }
        options.forEach((name, value) -> {
            String key = (String) name;
            if (key.startsWith(DOCKER_LABELS)) {
                return; // dockerd's own (ports, MAC, DNS servers…), on every endpoint whatever the user asked
            }
            if (!(value instanceof String text)) {
                throw request.invalid("Options." + key, "must be a string, not " + JsonRequest.kind(value));
            }
            out.put(key, text);
        });
        return out;
    }

    private Map<String, Object> endpointInfo(JsonRequest request) {
        String networkId = request.requiredText("NetworkID");
        String endpointId = request.requiredText("EndpointID");
        EndpointInfo info = placement.driverOf(networkId).endpointInfo(networkId, endpointId);
        Map<String, Object> value = new LinkedHashMap<>(info.details());
        value.put("mac", info.mac().toString());
        info.ipv4().ifPresent(a -> value.put("ipv4", a.toString()));
        info.ipv6().ifPresent(a -> value.put("ipv6", a.toString()));
        return Map.of("Value", value);
    }

    private Map<String, Object> deleteEndpoint(JsonRequest request) {
        String networkId = request.requiredText("NetworkID");
        String endpointId = request.requiredText("EndpointID");
        portless.remove(key(networkId, endpointId));
        placement.driverOf(networkId).deleteEndpoint(networkId, endpointId);
        return Map.of();
    }

    /**
     * The container end is left in the host under a temporary name for dockerd to move ({@link InterfaceHandOver}); the
     * reply gives that name, the prefix dockerd renames it to, and the gateways, which dockerd uses for the default
     * routes when this network provides the sandbox's gateway.
     */
    private Map<String, Object> join(JsonRequest request) {
        String networkId = request.requiredText("NetworkID");
        String endpointId = request.requiredText("EndpointID");
        String sandboxKey = request.requiredText("SandboxKey");
        request.object("Options");
        Path sandbox = Path.of(sandboxKey);
        if (!sandbox.isAbsolute()) {
            throw request.invalid("SandboxKey", "'" + sandboxKey + "' must be an absolute path");
        }
        NetworkDriver driver = placement.driverOf(networkId);
        if (!(driver instanceof InterfaceHandOver handOver)) {
            throw new DriverException(
                    ErrorKind.NOT_IMPLEMENTED,
                    "Shoal's " + driver.type() + " driver cannot hand an interface over to dockerd yet; use "
                            + DRIVER_OPTION + "=" + DEFAULT_DRIVER);
        }
        Path name = sandbox.getFileName();
        JoinResult joined = handOver.joinForHandOver(new JoinRequest(
                networkId,
                endpointId,
                new SandboxRef(name == null ? sandboxKey : name.toString(), sandbox),
                temporaryName(networkId, endpointId),
                true,
                true));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("InterfaceName", Map.of("SrcName", joined.interfaceName(), "DstPrefix", DESTINATION_PREFIX));
        joined.gatewayV4().ifPresent(g -> reply.put("Gateway", IpAddresses.format(g)));
        joined.gatewayV6().ifPresent(g -> reply.put("GatewayIPv6", IpAddresses.format(g)));
        reply.put("StaticRoutes", List.of());
        reply.put("DisableGatewayService", false);
        return reply;
    }

    /**
     * The container end's name while it waits in the host for dockerd: {@code shx} and 12 hex digits of the SHA-256 of
     * the network and endpoint ids (15 bytes, IFNAMSIZ less the NUL), the same for a retried join.
     */
    static String temporaryName(String networkId, String endpointId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((networkId + "/" + endpointId).getBytes(StandardCharsets.UTF_8));
            return "shx" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private Map<String, Object> leave(JsonRequest request) {
        String networkId = request.requiredText("NetworkID");
        String endpointId = request.requiredText("EndpointID");
        placement.driverOf(networkId).leave(networkId, endpointId);
        return Map.of();
    }

    private Map<String, Object> programExternalConnectivity(JsonRequest request) {
        String networkId = request.requiredText("NetworkID");
        String endpointId = request.requiredText("EndpointID");
        List<HostPortChoice.Wanted> wanted = portMap(request);
        NetworkDriver driver = placement.driverOf(networkId);
        if (driver instanceof ExternalConnectivity external) {
            String key = key(networkId, endpointId);
            portless.remove(key);
            ports.publish(wanted, bindings -> external.programExternalConnectivity(networkId, endpointId, bindings));
            if (wanted.isEmpty()) {
                portless.add(key);
            }
        } else if (!wanted.isEmpty()) {
            throw DriverException.forbidden("Shoal's " + driver.type() + " driver publishes no ports; drop -p");
        }
        return Map.of();
    }

    /** dockerd's {@code com.docker.network.portmap}: libnetwork {@code types.PortBinding} objects. */
    private static List<HostPortChoice.Wanted> portMap(JsonRequest request) {
        JsonRequest options = request.object("Options");
        List<HostPortChoice.Wanted> out = new ArrayList<>();
        for (JsonRequest binding : options.objects(PORT_MAP)) {
            PortBinding.Protocol protocol = protocol(binding, binding.requiredInt("Proto"));
            int port = binding.requiredInt("Port");
            Optional<InetAddress> host = binding.optionalAddress("HostIP").filter(a -> !a.isAnyLocalAddress());
            int first = binding.raw("HostPort") == null ? 0 : binding.requiredInt("HostPort");
            int last = binding.raw("HostPortEnd") == null ? first : binding.requiredInt("HostPortEnd");
            if (port < 1 || port > 65535 || first < 0 || first > 65535 || last < first || last > 65535) {
                throw binding.invalid(
                        "Port/HostPort/HostPortEnd",
                        "are out of range: " + port + ", " + first + "-" + last
                                + "; ports are 1..65535 (host port 0: any)");
            }
            out.add(new HostPortChoice.Wanted(protocol, host, first, first == 0 ? 0 : Math.max(last, first), port));
        }
        return out;
    }

    /** IANA protocol numbers, as libnetwork's {@code types.Protocol}: 6 TCP, 17 UDP, 132 SCTP. */
    private static PortBinding.Protocol protocol(JsonRequest binding, int number) {
        return switch (number) {
            case 6 -> PortBinding.Protocol.TCP;
            case 17 -> PortBinding.Protocol.UDP;
            case 132 -> PortBinding.Protocol.SCTP;
            default -> throw binding.invalid("Proto", number + " is not TCP (6), UDP (17) or SCTP (132)");
        };
    }

    private Map<String, Object> revokeExternalConnectivity(JsonRequest request) {
        String networkId = request.requiredText("NetworkID");
        String endpointId = request.requiredText("EndpointID");
        NetworkDriver driver = placement.driverOf(networkId);
        if (driver instanceof ExternalConnectivity external) {
            external.revokeExternalConnectivity(networkId, endpointId);
            portless.add(key(networkId, endpointId));
        }
        return Map.of();
    }

    /** Node discovery is for cluster drivers; Shoal's are local, so it is checked and acknowledged. */
    private static Map<String, Object> discover(JsonRequest request) {
        request.requiredInt("DiscoveryType");
        request.object("DiscoveryData");
        return Map.of();
    }

    /** Only a swarm manager calls it, for global-scope drivers; Shoal's are local: checked, nothing to allocate. */
    private static Map<String, Object> allocateNetwork(JsonRequest request) {
        request.requiredText("NetworkID");
        request.stringMap("Options");
        pools(request, "IPv4Data");
        pools(request, "IPv6Data");
        return Map.of("Options", Map.of());
    }

    private static Map<String, Object> freeNetwork(JsonRequest request) {
        request.requiredText("NetworkID");
        return Map.of();
    }

    private static String shortId(String networkId) {
        return networkId.length() > 12 ? networkId.substring(0, 12) : networkId;
    }
}
