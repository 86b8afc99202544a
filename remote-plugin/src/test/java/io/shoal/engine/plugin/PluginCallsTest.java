package io.shoal.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shoal.driver.support.testing.MapDriverStore;
import io.shoal.ipam.DefaultIpamDriver;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.PortBinding;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every call of both protocols, answered over a recording driver and the real default IPAM in memory: the shapes
 * dockerd 20.10 sends and reads (interfaces-reference §3), and every bad request answered with {@code Err} and no
 * change.
 */
class PluginCallsTest {
    private static final String NET = "a".repeat(64);
    private static final String EP = "e".repeat(64);

    private final RecordingNetworkDriver bridge = new RecordingNetworkDriver("bridge", true);
    private final NetworkDriver macvlan = RecordingNetworkDriver.withoutHandOver("macvlan");
    private final MapDriverStore store = new MapDriverStore();
    private final DefaultIpamDriver ipam = DefaultIpamDriver.inMemory();
    private final PluginCalls calls = new PluginCalls(
            NetworkDriverCalls.over(Map.of("bridge", bridge, "macvlan", macvlan), store), new IpamCalls(ipam));

    /**
     * As the server dispatches: a quick answer on the event loop when there is one, else the handler thread's; then
     * the work the call left for after its reply.
     */
    private Reply call(String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Reply reply = calls.quickCall(path, bytes).orElseGet(() -> calls.call(path, bytes));
        reply.afterWritten().run();
        return reply;
    }

    private Optional<Reply> quick(String path, String body) {
        return calls.quickCall(path, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The reply as the plugin's server writes it (jackson-jr), read back by databind as an independent reader. */
    private JsonNode ok(String path, String body) {
        Reply reply = call(path, body);
        assertThat(reply.status()).as("%s -> %s", path, reply.body()).isEqualTo(200);
        try {
            return new ObjectMapper().readTree(Json.JR.asBytes(reply.body()));
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot render the reply of " + path + ": " + reply.body(), e);
        }
    }

    private void createNetwork() {
        ok(
                "/NetworkDriver.CreateNetwork",
                """
                {"NetworkID":"%s","Options":{"com.docker.network.enable_ipv6":true,
                  "com.docker.network.generic":{"color":"blue"}},
                 "IPv4Data":[{"AddressSpace":"local","Pool":"10.1.0.0/24","Gateway":"10.1.0.1/24",
                              "AuxAddresses":{"router":"10.1.0.5/24"}}],
                 "IPv6Data":[{"AddressSpace":"local","Pool":"fd01::/64","Gateway":"fd01::1/64"}]}
                """
                        .formatted(NET));
    }

    private void createEndpoint() {
        ok(
                "/NetworkDriver.CreateEndpoint",
                """
                {"NetworkID":"%s","EndpointID":"%s","Interface":{"Address":"10.1.0.2/24","AddressIPv6":"fd01::2/64",
                 "MacAddress":""},"Options":{"com.docker.network.endpoint.exposedports":[{"Proto":6,"Port":80}],
                 "com.docker.network.portmap":[],
                 "com.docker.network.endpoint.dnsservers":["192.0.2.53"]}}
                """
                        .formatted(NET, EP));
    }

    @Test
    void activateDeclaresBothKinds() {
        assertThat(ok("/Plugin.Activate", "").toString())
                .isEqualTo("{\"Implements\":[\"NetworkDriver\",\"IpamDriver\"]}");
    }

    @Test
    void capabilitiesAreLocal() {
        assertThat(ok("/NetworkDriver.GetCapabilities", "").toString())
                .contains("\"Scope\":\"local\"")
                .contains("\"ConnectivityScope\":\"local\"");
        JsonNode ipamCaps = ok("/IpamDriver.GetCapabilities", "");
        assertThat(ipamCaps.get("RequiresMACAddress").asBoolean()).isFalse();
        assertThat(ipamCaps.get("RequiresRequestReplay").asBoolean()).isFalse();
        JsonNode spaces = ok("/IpamDriver.GetDefaultAddressSpaces", "");
        assertThat(spaces.get("LocalDefaultAddressSpace").asText()).isEqualTo("local");
        assertThat(spaces.get("GlobalDefaultAddressSpace").asText()).isEqualTo("global");
    }

    @Test
    void createNetworkHandsTheDriverPoolsOptionsAndFlags() {
        createNetwork();
        var config = bridge.networks.get(NET);
        assertThat(config.options().values())
                .containsOnly(
                        Map.entry("color", "blue"),
                        Map.entry("com.docker.network.bridge.name", "sh-" + NET.substring(0, 12)));
        assertThat(config.ipv4().get(0).pool()).hasToString("10.1.0.0/24");
        assertThat(config.ipv4().get(0).gateway())
                .hasValueSatisfying(g -> assertThat(g).hasToString("10.1.0.1/24"));
        assertThat(config.ipv4().get(0).auxAddresses()).containsKey("router");
        assertThat(config.ipv6().get(0).pool()).hasToString("fd01::/64");
        assertThat(config.internal()).isFalse();
        assertThat(store.list("")).containsEntry("network/" + NET, "bridge");
    }

    @Test
    void theDriverOptionChoosesTheDriverAndIsNotPassedOn() {
        ok(
                "/NetworkDriver.CreateNetwork",
                """
                {"NetworkID":"%s","Options":{"com.docker.network.internal":true,
                 "com.docker.network.generic":{"shoal.driver":"macvlan"}},
                 "IPv4Data":[{"AddressSpace":"local","Pool":"10.1.0.0/24","Gateway":"10.1.0.1/24"}]}
                """
                        .formatted(NET));
        assertThat(bridge.networks).isEmpty();
        assertThat(store.list("")).containsEntry("network/" + NET, "macvlan");
        ok(
                "/NetworkDriver.CreateEndpoint",
                """
                {"NetworkID":"%s","EndpointID":"%s","Interface":{"Address":"10.1.0.2/24","MacAddress":""}}
                """
                        .formatted(NET, EP));
        Reply join = call("/NetworkDriver.Join", joinBody());
        assertThat(join.status()).isEqualTo(500);
        assertThat(join.body().get("Err").toString()).contains("cannot hand an interface over to dockerd");
    }

    @Test
    void createEndpointAnswersOnlyTheMacDockerdLeftOpen() {
        createNetwork();
        JsonNode reply = ok(
                "/NetworkDriver.CreateEndpoint",
                """
                {"NetworkID":"%s","EndpointID":"%s","Interface":{"Address":"10.1.0.2/24","AddressIPv6":"fd01::2/64",
                 "MacAddress":""},"Options":{"com.docker.network.endpoint.exposedports":[{"Proto":6,"Port":80}],
                 "com.docker.network.portmap":[],
                 "com.docker.network.endpoint.dnsservers":["192.0.2.53"]}}
                """
                        .formatted(NET, EP));
        assertThat(reply.toString()).isEqualTo("{\"Interface\":{\"MacAddress\":\"02:42:0a:01:00:02\"}}");
        assertThat(bridge.endpoints.get(EP).ipv4())
                .hasValueSatisfying(a -> assertThat(a).hasToString("10.1.0.2/24"));
        assertThat(bridge.endpoints.get(EP).options().values()).isEmpty();

        JsonNode given = ok(
                "/NetworkDriver.CreateEndpoint",
                """
                {"NetworkID":"%s","EndpointID":"%s","Interface":{"Address":"10.1.0.3/24",
                 "MacAddress":"02:42:0a:01:00:09"}}
                """
                        .formatted(NET, "f".repeat(64)));
        assertThat(given.toString()).isEqualTo("{}");
    }

    private static String joinBody() {
        return """
                {"NetworkID":"%s","EndpointID":"%s","SandboxKey":"/var/run/docker/netns/0123abcd","Options":{}}
                """
                .formatted(NET, EP);
    }

    @Test
    void joinHandsTheInterfaceOverWithGateway() {
        createNetwork();
        createEndpoint();
        JsonNode reply = ok("/NetworkDriver.Join", joinBody());
        String temporary = NetworkDriverCalls.temporaryName(NET, EP);
        assertThat(temporary).hasSize(15).startsWith("shx");
        assertThat(reply.get("InterfaceName").get("SrcName").asText()).isEqualTo(temporary);
        assertThat(reply.get("InterfaceName").get("DstPrefix").asText()).isEqualTo("eth");
        assertThat(reply.get("Gateway").asText()).isEqualTo("127.0.0.1");
        assertThat(reply.has("GatewayIPv6")).isFalse();
        assertThat(reply.get("StaticRoutes").isArray()).isTrue();
        assertThat(bridge.joins.get(EP).handOver()).isTrue();
        assertThat(bridge.joins.get(EP).sandbox().namespacePath()).hasToString("/var/run/docker/netns/0123abcd");
    }

    @Test
    void theWholeEndpointLifeInDockerdsOrder() {
        createNetwork();
        createEndpoint();
        ok("/NetworkDriver.Join", joinBody());
        ok(
                "/NetworkDriver.ProgramExternalConnectivity",
                """
                {"NetworkID":"%s","EndpointID":"%s","Options":{"com.docker.network.portmap":[
                  {"Proto":6,"IP":"","Port":80,"HostIP":"","HostPort":8080,"HostPortEnd":8080},
                  {"Proto":17,"IP":"","Port":53,"HostIP":"127.0.0.1","HostPort":0,"HostPortEnd":0}]}}
                """
                        .formatted(NET, EP));
        List<PortBinding> published = bridge.ports.get(EP);
        assertThat(published).hasSize(2);
        assertThat(published.get(0).hostPort()).isEqualTo(8080);
        assertThat(published.get(1).protocol()).isEqualTo(PortBinding.Protocol.UDP);
        assertThat(published.get(1).hostPort()).isBetween(32768, 60999);
        assertThat(published.get(1).hostAddress()).isPresent();
        JsonNode info = ok(
                "/NetworkDriver.EndpointOperInfo", "{\"NetworkID\":\"%s\",\"EndpointID\":\"%s\"}".formatted(NET, EP));
        assertThat(info.get("Value").get("host-veth").asText()).isEqualTo("veth0");
        ok(
                "/NetworkDriver.RevokeExternalConnectivity",
                "{\"NetworkID\":\"%s\",\"EndpointID\":\"%s\"}".formatted(NET, EP));
        ok("/NetworkDriver.Leave", "{\"NetworkID\":\"%s\",\"EndpointID\":\"%s\"}".formatted(NET, EP));
        ok("/NetworkDriver.DeleteEndpoint", "{\"NetworkID\":\"%s\",\"EndpointID\":\"%s\"}".formatted(NET, EP));
        ok("/NetworkDriver.DeleteNetwork", "{\"NetworkID\":\"%s\"}".formatted(NET));
        assertThat(bridge.changes)
                .containsExactly(
                        "createNetwork " + NET,
                        "createEndpoint " + EP,
                        "prepare " + EP + " " + NetworkDriverCalls.temporaryName(NET, EP),
                        "join " + EP + " handOver " + NetworkDriverCalls.temporaryName(NET, EP),
                        "program " + EP + " 2",
                        "revoke " + EP,
                        "leave " + EP,
                        "deleteEndpoint " + EP,
                        "deleteNetwork " + NET);
        assertThat(store.isEmpty()).isTrue();
    }

    @Test
    void createEndpointPreparesTheJoinOnlyAfterItsReply() {
        createNetwork();
        Reply created = calls.call(
                "/NetworkDriver.CreateEndpoint",
                "{\"NetworkID\":\"%s\",\"EndpointID\":\"%s\",\"Interface\":{\"Address\":\"10.1.0.2/24\"}}"
                        .formatted(NET, EP)
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.hasWorkAfter()).isTrue();
        assertThat(bridge.changes).containsExactly("createNetwork " + NET, "createEndpoint " + EP);

        created.afterWritten().run();
        assertThat(bridge.changes)
                .containsExactly(
                        "createNetwork " + NET,
                        "createEndpoint " + EP,
                        "prepare " + EP + " " + NetworkDriverCalls.temporaryName(NET, EP));
    }

    @Test
    void workAfterAReplyForAnEndpointGoneMeanwhileLeavesTheJoinToDoItAll() {
        createNetwork();
        Reply created = calls.call(
                "/NetworkDriver.CreateEndpoint",
                "{\"NetworkID\":\"%s\",\"EndpointID\":\"%s\",\"Interface\":{\"Address\":\"10.1.0.2/24\"}}"
                        .formatted(NET, EP)
                        .getBytes(StandardCharsets.UTF_8));
        ok("/NetworkDriver.DeleteEndpoint", "{\"NetworkID\":\"%s\",\"EndpointID\":\"%s\"}".formatted(NET, EP));

        created.afterWritten().run();
        assertThat(bridge.changes)
                .containsExactly("createNetwork " + NET, "createEndpoint " + EP, "deleteEndpoint " + EP);
    }

    @Test
    void callsWithoutWorkAfterTheirReplyCarryNone() {
        assertThat(calls.call("/Plugin.Activate", new byte[0]).hasWorkAfter()).isFalse();
        createNetwork();
        createEndpoint();
        Reply join = calls.call("/NetworkDriver.Join", joinBody().getBytes(StandardCharsets.UTF_8));
        assertThat(join.status()).isEqualTo(200);
        assertThat(join.hasWorkAfter()).isFalse();
    }

    @Test
    void createEndpointPreparesTheJoinUnderTheNameTheJoinAsksFor() {
        createNetwork();
        createEndpoint();
        String temporary = NetworkDriverCalls.temporaryName(NET, EP);
        assertThat(bridge.changes)
                .containsExactly("createNetwork " + NET, "createEndpoint " + EP, "prepare " + EP + " " + temporary);
        ok("/NetworkDriver.Join", joinBody());
        assertThat(bridge.joins.get(EP).interfaceName()).isEqualTo(temporary);
    }

    private static final String NO_PORTS =
            "{\"NetworkID\":\"%s\",\"EndpointID\":\"%s\",\"Options\":{\"com.docker.network.portmap\":[]}}";
    private static final String PORTS = "{\"NetworkID\":\"%s\",\"EndpointID\":\"%s\",\"Options\":{"
            + "\"com.docker.network.portmap\":[{\"Proto\":6,\"Port\":80,\"HostPort\":8080,\"HostPortEnd\":8080}]}}";
    private static final String ENDPOINT = "{\"NetworkID\":\"%s\",\"EndpointID\":\"%s\"}";

    @Test
    void callsThatChangeNothingAreAnsweredQuicklyWithoutTheDriver() {
        createNetwork();
        createEndpoint();
        ok("/NetworkDriver.Join", joinBody());
        List<String> before = List.copyOf(bridge.changes);

        assertThat(quick("/NetworkDriver.ProgramExternalConnectivity", NO_PORTS.formatted(NET, EP)))
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(quick("/NetworkDriver.RevokeExternalConnectivity", ENDPOINT.formatted(NET, EP)))
                .hasValueSatisfying(r -> assertThat(r.body()).isEmpty());
        assertThat(quick("/NetworkDriver.EndpointOperInfo", ENDPOINT.formatted(NET, EP)))
                .hasValueSatisfying(r -> assertThat(r.body()).containsKey("Value"));
        assertThat(bridge.changes).isEqualTo(before);

        // Ports to publish, and then any change of an endpoint that has some, go to the driver on a handler thread.
        assertThat(quick("/NetworkDriver.ProgramExternalConnectivity", PORTS.formatted(NET, EP)))
                .isEmpty();
        ok("/NetworkDriver.ProgramExternalConnectivity", PORTS.formatted(NET, EP));
        assertThat(quick("/NetworkDriver.ProgramExternalConnectivity", NO_PORTS.formatted(NET, EP)))
                .isEmpty();
        assertThat(quick("/NetworkDriver.RevokeExternalConnectivity", ENDPOINT.formatted(NET, EP)))
                .isEmpty();
        ok("/NetworkDriver.RevokeExternalConnectivity", ENDPOINT.formatted(NET, EP));
        assertThat(bridge.changes).endsWith("program " + EP + " 1", "revoke " + EP);
        assertThat(quick("/NetworkDriver.ProgramExternalConnectivity", NO_PORTS.formatted(NET, EP)))
                .isPresent();
    }

    @Test
    void aQuickCallChecksItsRequestAsTheHandlerDoes() {
        createNetwork();
        createEndpoint();
        assertThat(quick(
                        "/NetworkDriver.ProgramExternalConnectivity",
                        NO_PORTS.formatted(NET, EP).replace("[]", "[{\"Proto\":99,\"Port\":80}]")))
                .hasValueSatisfying(r -> {
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(r.body().get("Err")).asString().contains("99 is not TCP");
                });
        assertThat(quick("/NetworkDriver.EndpointOperInfo", ENDPOINT.formatted(NET, "f".repeat(64))))
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(500));
        assertThat(quick("/NetworkDriver.Join", joinBody())).isEmpty();
    }

    @Test
    void afterARestartQuickCallsWaitForWhatMemoryDoesNotKnow() {
        createNetwork();
        createEndpoint();
        PluginCalls restarted = new PluginCalls(
                NetworkDriverCalls.over(Map.of("bridge", bridge, "macvlan", macvlan), store), new IpamCalls(ipam));
        byte[] info = ENDPOINT.formatted(NET, EP).getBytes(StandardCharsets.UTF_8);
        byte[] noPorts = NO_PORTS.formatted(NET, EP).getBytes(StandardCharsets.UTF_8);

        assertThat(restarted.quickCall("/NetworkDriver.EndpointOperInfo", info))
                .as("the network's driver is in the store only")
                .isEmpty();
        assertThat(restarted.quickCall("/NetworkDriver.ProgramExternalConnectivity", noPorts))
                .isEmpty();
        assertThat(restarted.call("/NetworkDriver.EndpointOperInfo", info).status())
                .isEqualTo(200);
        assertThat(restarted.quickCall("/NetworkDriver.EndpointOperInfo", info)).isPresent();
        assertThat(restarted.quickCall("/NetworkDriver.ProgramExternalConnectivity", noPorts))
                .as("whether the endpoint publishes ports is the driver's to say")
                .isEmpty();
    }

    @Test
    void aChosenHostPortTakenIsChosenAgain() {
        createNetwork();
        createEndpoint();
        ok("/NetworkDriver.Join", joinBody());
        bridge.takenHostPorts.add(32768);
        bridge.takenHostPorts.add(32769);
        ok(
                "/NetworkDriver.ProgramExternalConnectivity",
                """
                {"NetworkID":"%s","EndpointID":"%s","Options":{"com.docker.network.portmap":[
                  {"Proto":6,"Port":80,"HostPort":0,"HostPortEnd":0}]}}
                """
                        .formatted(NET, EP));
        assertThat(bridge.ports.get(EP).get(0).hostPort()).isEqualTo(32770);
        bridge.takenHostPorts.add(9000);
        Reply fixed = call(
                "/NetworkDriver.ProgramExternalConnectivity",
                """
                {"NetworkID":"%s","EndpointID":"%s","Options":{"com.docker.network.portmap":[
                  {"Proto":6,"Port":80,"HostPort":9000,"HostPortEnd":9000}]}}
                """
                        .formatted(NET, EP));
        assertThat(fixed.status()).isEqualTo(500);
        assertThat(fixed.body().get("Err").toString()).contains("port 9000 is taken");
    }

    @Test
    void discoveryAndSwarmCallsAreAcknowledged() {
        ok("/NetworkDriver.DiscoverNew", "{\"DiscoveryType\":1,\"DiscoveryData\":{\"Address\":\"10.0.0.1\"}}");
        ok("/NetworkDriver.DiscoverDelete", "{\"DiscoveryType\":1,\"DiscoveryData\":{}}");
        assertThat(ok("/NetworkDriver.AllocateNetwork", "{\"NetworkID\":\"%s\",\"Options\":{}}".formatted(NET))
                        .toString())
                .isEqualTo("{\"Options\":{}}");
        ok("/NetworkDriver.FreeNetwork", "{\"NetworkID\":\"%s\"}".formatted(NET));
        assertThat(bridge.changes).isEmpty();
    }

    @Test
    void ipamPoolsAndAddressesAsDockerdAsks() {
        JsonNode pool = ok(
                "/IpamDriver.RequestPool",
                """
                {"AddressSpace":"local","Pool":"10.9.0.0/24","SubPool":"","Options":{},"V6":false}""");
        assertThat(pool.get("PoolID").asText()).isEqualTo("local/10.9.0.0/24");
        assertThat(pool.get("Pool").asText()).isEqualTo("10.9.0.0/24");
        assertThat(pool.get("Data").get("com.docker.network.gateway").asText()).isEqualTo("10.9.0.1/24");
        JsonNode again = ok(
                "/IpamDriver.RequestPool",
                """
                {"AddressSpace":"local","Pool":"10.9.0.0/24","SubPool":"","Options":{},"V6":false}""");
        assertThat(again.get("PoolID").asText()).isEqualTo("local/10.9.0.0/24");
        JsonNode gateway = ok(
                "/IpamDriver.RequestAddress",
                """
                {"PoolID":"local/10.9.0.0/24","Address":"","Options":{"RequestAddressType":"com.docker.network.gateway"}}""");
        assertThat(gateway.get("Address").asText()).isEqualTo("10.9.0.1/24");
        JsonNode address =
                ok("/IpamDriver.RequestAddress", "{\"PoolID\":\"local/10.9.0.0/24\",\"Address\":\"\",\"Options\":{}}");
        assertThat(address.get("Address").asText()).isEqualTo("10.9.0.2/24");
        ok("/IpamDriver.ReleaseAddress", "{\"PoolID\":\"local/10.9.0.0/24\",\"Address\":\"10.9.0.2\"}");
        ok("/IpamDriver.ReleasePool", "{\"PoolID\":\"local/10.9.0.0/24\"}");
        assertThat(ipam.pools()).hasSize(1);
        ok("/IpamDriver.ReleasePool", "{\"PoolID\":\"local/10.9.0.0/24\"}");
        assertThat(ipam.pools()).isEmpty();

        JsonNode v6 = ok("/IpamDriver.RequestPool", "{\"AddressSpace\":\"local\",\"Pool\":\"\",\"V6\":true}");
        assertThat(v6.get("Pool").asText()).startsWith("fd").endsWith("/64");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            /NetworkDriver.CreateNetwork    | ''                                                   | 400 | is empty; send a JSON object
            /NetworkDriver.CreateNetwork    | '{"NetworkID":'                                       | 400 | not valid JSON
            /NetworkDriver.CreateNetwork    | '[1,2]'                                              | 400 | must be a JSON object, not an array
            /NetworkDriver.CreateNetwork    | '{"Options":{}}'                                     | 400 | NetworkID is missing
            /NetworkDriver.CreateNetwork    | '{"NetworkID":7}'                                    | 400 | NetworkID must be a string, not a number
            /NetworkDriver.CreateNetwork    | '{"NetworkID":"n2","Options":{"com.docker.network.enable_ipv6":"yes"}}' | 400 | com.docker.network.enable_ipv6 must be true or false
            /NetworkDriver.CreateNetwork    | '{"NetworkID":"n2","Options":{"com.docker.network.generic":{"shoal.driver":"vxlan"}}}' | 400 | Shoal has no such driver
            /NetworkDriver.CreateNetwork    | '{"NetworkID":"n2","Options":{"com.docker.network.generic":{"mtu":1500}}}' | 400 | com.docker.network.generic.mtu must be a string
            /NetworkDriver.CreateNetwork    | '{"NetworkID":"n2","IPv4Data":[{"Pool":"10.2.0.0"}]}' | 400 | is not CIDR
            /NetworkDriver.CreateNetwork    | '{"NetworkID":"n2","IPv4Data":{"Pool":"10.2.0.0/24"}}' | 400 | IPv4Data must be an array
            /NetworkDriver.CreateNetwork    | '{"NetworkID":"n2","IPv4Data":[{"Gateway":"10.2.0.1/24"}]}' | 400 | Pool is missing
            /NetworkDriver.CreateNetwork    | '{"NetworkID":"n2","IPv6Data":[{"Pool":"fd02::/64"}]}' | 400 | create with --ipv6
            /NetworkDriver.CreateNetwork    | '{"NetworkID":"n2","IPv4Data":[{"Pool":"10.2.0.0/24"}],"Options":{"com.docker.network.generic":{"size":"xl"}}}' | 400 | unknown driver option(s) [size]
            /NetworkDriver.CreateNetwork    | '{"NetworkID":"NET","IPv4Data":[{"Pool":"10.2.0.0/24"}]}' | 500 | already exists
            /NetworkDriver.DeleteNetwork    | '{"NetworkID":"nosuch"}'                             | 500 | is not one of this plugin's
            /NetworkDriver.CreateEndpoint   | '{"NetworkID":"NET","EndpointID":"e2","Interface":{"Address":"10.1.0.300/24"}}' | 400 | is not CIDR
            /NetworkDriver.CreateEndpoint   | '{"NetworkID":"NET","EndpointID":"e2","Interface":{"MacAddress":"02:42"}}' | 400 | is not a MAC address
            /NetworkDriver.CreateEndpoint   | '{"NetworkID":"NET","EndpointID":"e2","Interface":"eth0"}' | 400 | Interface must be a JSON object, not a string
            /NetworkDriver.CreateEndpoint   | '{"NetworkID":"NET","EndpointID":"e2","Options":{"color":true}}' | 400 | Options.color must be a string
            /NetworkDriver.CreateEndpoint   | '{"NetworkID":"NET"}'                                | 400 | EndpointID is missing
            /NetworkDriver.CreateEndpoint   | '{"NetworkID":"NET","EndpointID":"EP"}'              | 500 | exists
            /NetworkDriver.EndpointOperInfo | '{"NetworkID":"NET","EndpointID":"nosuch"}'          | 500 | no endpoint nosuch
            /NetworkDriver.Join             | '{"NetworkID":"NET","EndpointID":"EP"}'              | 400 | SandboxKey is missing
            /NetworkDriver.Join             | '{"NetworkID":"NET","EndpointID":"EP","SandboxKey":"netns/1"}' | 400 | must be an absolute path
            /NetworkDriver.Join             | '{"NetworkID":"NET","EndpointID":"nosuch","SandboxKey":"/x"}' | 500 | no endpoint nosuch
            /NetworkDriver.Join             | '{"NetworkID":"NET","EndpointID":"EP","SandboxKey":"/x","Options":[]}' | 400 | Options must be a JSON object
            /NetworkDriver.Leave            | '{"NetworkID":"NET","EndpointID":"EP"}'              | 500 | is not joined
            /NetworkDriver.DeleteEndpoint   | '{"NetworkID":"NET","EndpointID":"nosuch"}'          | 500 | no endpoint nosuch
            /NetworkDriver.ProgramExternalConnectivity | '{"NetworkID":"NET","EndpointID":"EP","Options":{"com.docker.network.portmap":[{"Proto":1,"Port":80}]}}' | 400 | is not TCP (6), UDP (17) or SCTP (132)
            /NetworkDriver.ProgramExternalConnectivity | '{"NetworkID":"NET","EndpointID":"EP","Options":{"com.docker.network.portmap":[{"Proto":6,"Port":"80"}]}}' | 400 | Port must be an integer, not a string
            /NetworkDriver.ProgramExternalConnectivity | '{"NetworkID":"NET","EndpointID":"EP","Options":{"com.docker.network.portmap":[{"Proto":6,"Port":80,"HostPort":90,"HostPortEnd":85}]}}' | 400 | are out of range
            /NetworkDriver.ProgramExternalConnectivity | '{"NetworkID":"NET","EndpointID":"EP","Options":{"com.docker.network.portmap":[{"Proto":6}]}}' | 400 | Port is missing
            /NetworkDriver.DiscoverNew      | '{"DiscoveryType":"node"}'                           | 400 | DiscoveryType must be an integer
            /NetworkDriver.Nosuch           | '{}'                                                 | 404 | unknown call /NetworkDriver.Nosuch
            /IpamDriver.RequestPool         | '{"Pool":"10.3.0.0/24"}'                             | 400 | AddressSpace is missing
            /IpamDriver.RequestPool         | '{"AddressSpace":"local","SubPool":"10.3.0.0/25"}'   | 400 | SubPool needs a Pool
            /IpamDriver.RequestPool         | '{"AddressSpace":"local","Pool":"10.3.0.1/24"}'      | 400 | has host bits set
            /IpamDriver.RequestPool         | '{"AddressSpace":"local","Pool":"10.3.0.0/24","V6":"no"}' | 400 | V6 must be true or false
            /IpamDriver.RequestPool         | '{"AddressSpace":"local","Pool":"10.3.0.0/24","Options":{"a":"b"}}' | 400 | unknown IPAM option(s) [a]
            /IpamDriver.RequestPool         | '{"AddressSpace":"local","Pool":"10.1.0.0/16"}'      | 500 | overlaps 10.1.0.0/24
            /IpamDriver.ReleasePool         | '{"PoolID":"local/10.8.0.0/24"}'                     | 500 | no IPAM pool
            /IpamDriver.RequestAddress      | '{"PoolID":"local/10.1.0.0/24","Address":"10.1.0.300"}' | 400 | is not an IP address
            /IpamDriver.RequestAddress      | '{"PoolID":"local/10.1.0.0/24","Address":"10.1.0.2"}' | 500 | already in use
            /IpamDriver.RequestAddress      | '{"PoolID":"local/10.1.0.0/24","Options":{"RequestAddressType":5}}' | 400 | Options.RequestAddressType must be a string
            /IpamDriver.ReleaseAddress      | '{"PoolID":"local/10.1.0.0/24"}'                     | 400 | Address is missing
            /IpamDriver.ReleaseAddress      | '{"PoolID":"local/10.1.0.0/24","Address":"10.1.0.77"}' | 500 | is not allocated
            """)
    void badRequestsGetErrAndChangeNothing(String path, String body, int status, String message) {
        createNetwork();
        createEndpoint();
        call("/IpamDriver.RequestPool", "{\"AddressSpace\":\"local\",\"Pool\":\"10.1.0.0/24\"}");
        call("/IpamDriver.RequestAddress", "{\"PoolID\":\"local/10.1.0.0/24\",\"Address\":\"10.1.0.2\"}");
        List<String> changesBefore = List.copyOf(bridge.changes);
        var storeBefore = Map.copyOf(store.list(""));
        var poolsBefore = ipam.pools();
        var addressesBefore = ipam.endpointAddresses("local/10.1.0.0/24");

        Reply reply = call(path, body.replace("\"NET\"", "\"" + NET + "\"").replace("\"EP\"", "\"" + EP + "\""));

        assertThat(reply.status()).as("%s", reply.body()).isEqualTo(status);
        assertThat(reply.body().get("Err")).asString().contains(message);
        if (path.startsWith("/IpamDriver.")) {
            assertThat(reply.body().get("Error")).isEqualTo(reply.body().get("Err"));
        }
        assertThat(bridge.changes).isEqualTo(changesBefore);
        assertThat(store.list("")).isEqualTo(storeBefore);
        assertThat(ipam.pools()).isEqualTo(poolsBefore);
        assertThat(ipam.endpointAddresses("local/10.1.0.0/24")).isEqualTo(addressesBefore);
    }
}
