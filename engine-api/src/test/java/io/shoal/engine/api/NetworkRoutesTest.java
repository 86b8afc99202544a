package io.shoal.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.engine.api.RawHttp.Reply;
import io.shoal.engine.network.EndpointView;
import io.shoal.engine.network.NetworkSpec;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /networks*} over a fake backend, on a real socket. */
class NetworkRoutesTest {
    /** What the docker CLI 28.2.2 sends for a create with every flag (interfaces reference §2.2). */
    private static final String CLI_CREATE =
            """
            {"Name":"blue","Driver":"bridge","Scope":"","EnableIPv6":true,"IPAM":{"Driver":"default","Options":{},
             "Config":[{"Subnet":"10.1.0.0/24","IPRange":"10.1.0.128/25","Gateway":"10.1.0.1",
                        "AuxiliaryAddresses":{"router":"10.1.0.2"}},{"Subnet":"fd00:1::/64"}]},
             "Internal":true,"Attachable":true,"Ingress":false,"ConfigOnly":false,"ConfigFrom":null,
             "Options":{"com.docker.network.driver.mtu":"1400"},"Labels":{"team":"blue"}}""";

    @RegisterExtension
    final ApiFixture api = ApiFixture.overFakes();

    @Test
    void createReadsEveryFieldTheCliSendsAndAnswers201() throws IOException {
        Reply reply = api.call("POST", "/v1.47/networks/create", CLI_CREATE);

        assertThat(reply.status()).isEqualTo(201);
        JsonNode body = ApiFixture.json(reply);
        assertThat(body.get("Id").asText()).matches("[0-9a-f]{64}");
        assertThat(body.get("Warning").asText()).isEmpty();
        NetworkSpec spec = api.networks.created.get(0);
        assertThat(spec.name()).isEqualTo("blue");
        assertThat(spec.driver()).isEqualTo("bridge");
        assertThat(spec.enableIpv6()).isTrue();
        assertThat(spec.internal()).isTrue();
        assertThat(spec.attachable()).isTrue();
        assertThat(spec.options()).isEqualTo(Map.of("com.docker.network.driver.mtu", "1400"));
        assertThat(spec.labels()).isEqualTo(Map.of("team", "blue"));
        assertThat(spec.ipamDriver()).isEqualTo("default");
        assertThat(spec.subnets()).hasSize(2);
        assertThat(spec.subnets().get(0).subnet()).hasValue(IpPrefix.parse("10.1.0.0/24"));
        assertThat(spec.subnets().get(0).ipRange()).hasValue(IpPrefix.parse("10.1.0.128/25"));
        assertThat(spec.subnets().get(0).gateway()).hasValue(IpAddresses.parse("10.1.0.1"));
        assertThat(spec.subnets().get(0).auxAddresses()).isEqualTo(Map.of("router", IpAddresses.parse("10.1.0.2")));
        assertThat(spec.subnets().get(1).subnet()).hasValue(IpPrefix.parse("fd00:1::/64"));
    }

    @Test
    void nullsAndMissingFieldsTakeDockersDefaults() throws IOException {
        // docker-java's body: nulls everywhere and a lower-case duplicate of EnableIPv6 (clients-wire §2.2)
        Reply reply = api.call(
                "POST",
                "/networks/create",
                "{\"enableIPv6\":true,\"Name\":\"tc\",\"Driver\":null,"
                        + "\"IPAM\":null,\"Options\":{},\"CheckDuplicate\":true,\"Internal\":null,\"EnableIPv6\":null,"
                        + "\"Attachable\":null,\"Labels\":{\"org.testcontainers\":\"true\"}}");

        assertThat(reply.status()).isEqualTo(201);
        NetworkSpec spec = api.networks.created.get(0);
        assertThat(spec.driver()).isEqualTo("bridge");
        assertThat(spec.ipamDriver()).isEqualTo("default");
        assertThat(spec.subnets()).isEmpty();
        assertThat(spec.enableIpv6()).isFalse();
        assertThat(spec.attachable()).isFalse();
    }

    @Test
    void badRequestsAre400AndCreateNothing() throws IOException {
        for (String body : List.of(
                "{\"Name\":",
                "[1,2]",
                "{\"Driver\":\"bridge\"}",
                "{\"Name\":\"x\",\"Internal\":\"yes\"}",
                "{\"Name\":\"x\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.1.0.0/33\"}]}}",
                "{\"Name\":\"x\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.1.0.0/24\",\"Gateway\":\"gw.example\"}]}}")) {
            Reply reply = api.call("POST", "/networks/create", body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(ApiFixture.json(reply).get("message").asText()).as(body).isNotEmpty();
        }
        assertThat(api.networks.created).isEmpty();
    }

    @Test
    void backendRefusalsKeepTheirStatus() throws IOException {
        assertThat(api.call("POST", "/networks/create", "{\"Name\":\"bridge\"}").status())
                .isEqualTo(403);
        api.call("POST", "/networks/create", "{\"Name\":\"blue\"}");
        Reply duplicate = api.call("POST", "/networks/create", "{\"Name\":\"blue\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body()).isEqualTo("{\"message\":\"network with name blue already exists\"}\n");
        assertThat(api.call("GET", "/networks/nothere").status()).isEqualTo(404);
        assertThat(api.call("DELETE", "/networks/host").status()).isEqualTo(403);
        assertThat(api.call("POST", "/networks/create", "{\"Name\":\"s\",\"Scope\":\"swarm\"}")
                        .status())
                .isEqualTo(501);
    }

    @Test
    void inspectRendersDockersNetworkObject() throws Exception {
        String id = ApiFixture.json(api.call("POST", "/networks/create", CLI_CREATE))
                .get("Id")
                .asText();
        api.networks.attach(
                "blue",
                new EndpointView(
                        id,
                        "blue",
                        "e".repeat(64),
                        "c".repeat(64),
                        "web",
                        Optional.of(MacAddress.parse("02:42:0a:01:00:03")),
                        Optional.of(IpPrefix.parse("10.1.0.3/24")),
                        Optional.empty(),
                        Optional.of(IpAddresses.parse("10.1.0.1")),
                        Optional.empty(),
                        List.of("w"),
                        List.of("web", "w")));

        Reply reply = api.call("GET", "/v1.47/networks/blue");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode network = ApiFixture.json(reply);
        assertThat(network.get("Name").asText()).isEqualTo("blue");
        assertThat(network.get("Id").asText()).isEqualTo(id);
        assertThat(network.get("Created").asText()).isEqualTo("2026-01-02T03:04:05.123456789Z");
        assertThat(network.get("Scope").asText()).isEqualTo("local");
        assertThat(network.get("EnableIPv6").asBoolean()).isTrue();
        assertThat(network.get("IPAM").toString())
                .isEqualTo("{\"Driver\":\"default\",\"Options\":{},\"Config\":[{\"Subnet\":\"10.1.0.0/24\","
                        + "\"IPRange\":\"10.1.0.128/25\",\"Gateway\":\"10.1.0.1\","
                        + "\"AuxiliaryAddresses\":{\"router\":\"10.1.0.2\"}},{\"Subnet\":\"fd00:1::/64\"}]}");
        assertThat(network.get("ConfigFrom").toString()).isEqualTo("{\"Network\":\"\"}");
        assertThat(network.get("Containers").get("c".repeat(64)).toString())
                .isEqualTo(
                        "{\"Name\":\"web\",\"EndpointID\":\"" + "e".repeat(64)
                                + "\",\"MacAddress\":\"02:42:0a:01:00:03\",\"IPv4Address\":\"10.1.0.3/24\",\"IPv6Address\":\"\"}");
        assertThat(network.get("Options").toString()).isEqualTo("{\"com.docker.network.driver.mtu\":\"1400\"}");
        assertThat(network.get("Labels").toString()).isEqualTo("{\"team\":\"blue\"}");
        assertThat(network.fieldNames())
                .toIterable()
                .containsExactly(
                        "Name",
                        "Id",
                        "Created",
                        "Scope",
                        "Driver",
                        "EnableIPv4",
                        "EnableIPv6",
                        "IPAM",
                        "Internal",
                        "Attachable",
                        "Ingress",
                        "ConfigFrom",
                        "ConfigOnly",
                        "Containers",
                        "Options",
                        "Labels");
    }

    @Test
    void listHasEmptyContainersAndPassesFiltersInBothForms() throws IOException {
        Reply reply = api.call("GET", "/networks");
        JsonNode list = ApiFixture.json(reply);
        assertThat(list).hasSize(3);
        for (JsonNode network : list) {
            assertThat(network.get("Containers").toString()).isEqualTo("{}");
            assertThat(network.get("Labels").isObject()).isTrue();
        }

        String cli = URLEncoder.encode("{\"name\":{\"brid\":true}}", StandardCharsets.UTF_8);
        assertThat(ApiFixture.json(api.call("GET", "/networks?filters=" + cli))).hasSize(1);
        String legacy = URLEncoder.encode("{\"driver\":[\"null\"]}", StandardCharsets.UTF_8);
        assertThat(ApiFixture.json(api.call("GET", "/networks?filters=" + legacy))
                        .get(0)
                        .get("Name")
                        .asText())
                .isEqualTo("none");
        assertThat(api.networks.listed.get(1).values("name")).isEqualTo(Set.of("brid"));

        String unknown = URLEncoder.encode("{\"colour\":[\"red\"]}", StandardCharsets.UTF_8);
        Reply refused = api.call("GET", "/networks?filters=" + unknown);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("invalid filter 'colour'");
        assertThat(api.call("GET", "/networks?filters=%7Bnope").status()).isEqualTo(400);
    }

    @Test
    void deleteIs204ByNameOrIdAndPruneListsNames() throws IOException {
        String id = ApiFixture.json(api.call("POST", "/networks/create", "{\"Name\":\"a\"}"))
                .get("Id")
                .asText();
        api.call("POST", "/networks/create", "{\"Name\":\"b\"}");

        Reply deleted = api.call("DELETE", "/v1.47/networks/" + id);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(api.networks.removed).containsExactly("a");

        Reply pruned = api.call(
                "POST", "/networks/prune?filters=" + URLEncoder.encode("{\"label\":[\"x\"]}", StandardCharsets.UTF_8));
        assertThat(pruned.status()).isEqualTo(200);
        assertThat(pruned.body()).isEqualTo("{\"NetworksDeleted\":[\"b\"]}\n");
    }

    @Test
    void connectAndDisconnectGoToTheContainerBackend() throws IOException {
        api.call("POST", "/containers/create?name=web", "{\"Image\":\"busybox\"}");
        api.call("POST", "/networks/create", "{\"Name\":\"blue\"}");

        Reply connected = api.call(
                "POST",
                "/v1.47/networks/blue/connect",
                "{\"Container\":\"web\",\"EndpointConfig\":"
                        + "{\"IPAMConfig\":{\"IPv4Address\":\"10.1.0.9\",\"IPv6Address\":\"fd00::9\"},\"Links\":null,"
                        + "\"Aliases\":[\"w\",\"www\"],\"MacAddress\":\"\",\"DriverOpts\":null,\"GwPriority\":0}}");
        assertThat(connected.status()).isEqualTo(200);
        assertThat(connected.body()).isEmpty();
        assertThat(api.containers.calls).contains("connect blue web");
        assertThat(api.containers.lastConnect.aliases()).containsExactly("w", "www");
        assertThat(api.containers.lastConnect.ipv4()).hasValue(IpAddresses.parse("10.1.0.9"));
        assertThat(api.containers.lastConnect.ipv6()).hasValue(IpAddresses.parse("fd00::9"));

        assertThat(api.call("POST", "/networks/blue/connect", "{\"Container\":\"web\"}")
                        .status())
                .isEqualTo(409);
        assertThat(api.call("POST", "/networks/blue/connect", "{\"Container\":\"ghost\"}")
                        .status())
                .isEqualTo(404);
        assertThat(api.call("POST", "/networks/blue/connect", "{}").status()).isEqualTo(400);

        Reply disconnected = api.call("POST", "/networks/blue/disconnect", "{\"Container\":\"web\",\"Force\":true}");
        assertThat(disconnected.status()).isEqualTo(200);
        assertThat(api.containers.calls).contains("disconnect blue web force=true");
        assertThat(api.call("POST", "/networks/blue/disconnect", "{\"Container\":\"web\"}")
                        .status())
                .isEqualTo(404);
    }
}
