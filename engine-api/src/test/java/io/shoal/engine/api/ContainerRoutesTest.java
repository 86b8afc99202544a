package io.shoal.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.engine.api.RawHttp.Reply;
import io.shoal.engine.container.ContainerPort;
import io.shoal.engine.container.ContainerSpec;
import io.shoal.engine.container.HostBinding;
import io.shoal.net.IpAddresses;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /containers*} and {@code /exec*} over a fake backend, on a real socket (streams: StreamingTest). */
class ContainerRoutesTest {
    /**
     * What the docker CLI 28.2.2 sends for {@code docker run -d --name web --network blue --network-alias w --ip
     * 10.1.0.9 -p 127.0.0.1:8080:80 -e A=1 --label tier=front --hostname h --dns 1.1.1.1 --dns-search example
     * --dns-option ndots:2 --add-host db:10.0.0.5 --restart on-failure:3 busybox httpd -f}, zero values included.
     */
    private static final String CLI_CREATE =
            """
            {"Hostname":"h","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,
             "ExposedPorts":{"80/tcp":{}},"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["A=1"],
             "Cmd":["httpd","-f"],"Image":"busybox","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,
             "Labels":{"tier":"front"},
             "HostConfig":{"Binds":null,"ContainerIDFile":"","LogConfig":{"Type":"","Config":null},"NetworkMode":"blue",
              "PortBindings":{"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}]},
              "RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3},"AutoRemove":false,"VolumeDriver":"",
              "VolumesFrom":null,"ConsoleSize":[40,120],"CapAdd":null,"CapDrop":null,"CgroupnsMode":"",
              "Dns":["1.1.1.1"],"DnsOptions":["ndots:2"],"DnsSearch":["example"],"ExtraHosts":["db:10.0.0.5"],
              "GroupAdd":null,"IpcMode":"","Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"","Privileged":false,
              "PublishAllPorts":false,"ReadonlyRootfs":false,"SecurityOpt":null,"UTSMode":"","UsernsMode":"",
              "ShmSize":0,"Isolation":"","CpuShares":0,"Memory":0,"NanoCpus":0,"CgroupParent":"","BlkioWeight":0,
              "Devices":[],"DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,"MemorySwappiness":null,
              "OomKillDisable":null,"PidsLimit":null,"Ulimits":[],"MaskedPaths":null,"ReadonlyPaths":null},
             "NetworkingConfig":{"EndpointsConfig":{"blue":{"IPAMConfig":{"IPv4Address":"10.1.0.9"},"Links":null,
              "Aliases":["w"],"MacAddress":"","DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"",
              "Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"",
              "GlobalIPv6PrefixLen":0,"DNSNames":null}}}}""";

    @RegisterExtension
    final ApiFixture api = ApiFixture.overFakes();

    private String create(String name, String body) throws IOException {
        Reply reply = api.call("POST", "/v1.47/containers/create?name=" + name, body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return ApiFixture.json(reply).get("Id").asText();
    }

    @Test
    void createReadsTheCliBodyIntoTheSpecAndAnswers201() throws IOException {
        Reply reply = api.call("POST", "/v1.47/containers/create?name=web", CLI_CREATE);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.body()).matches("\\{\"Id\":\"[0-9a-f]{64}\",\"Warnings\":\\[]}\n");
        assertThat(api.containers.lastName).hasValue("web");
        ContainerSpec spec = api.containers.lastSpec;
        assertThat(spec.image()).isEqualTo("busybox");
        assertThat(spec.cmd()).containsExactly("httpd", "-f");
        assertThat(spec.entrypoint()).isEmpty();
        assertThat(spec.env()).containsExactly("A=1");
        assertThat(spec.labels()).isEqualTo(Map.of("tier", "front"));
        assertThat(spec.hostname()).hasValue("h");
        assertThat(spec.exposedPorts()).containsExactly(new ContainerPort(80, "tcp"));
        assertThat(spec.host().networkMode()).isEqualTo("blue");
        assertThat(spec.host().portBindings())
                .isEqualTo(Map.of(new ContainerPort(80, "tcp"), List.of(new HostBinding("127.0.0.1", "8080"))));
        assertThat(spec.host().restartPolicy()).isEqualTo("on-failure");
        assertThat(spec.host().restartRetries()).isEqualTo(3);
        assertThat(spec.host().dns()).containsExactly("1.1.1.1");
        assertThat(spec.host().dnsSearch()).containsExactly("example");
        assertThat(spec.host().dnsOptions()).containsExactly("ndots:2");
        assertThat(spec.host().extraHosts()).containsExactly("db:10.0.0.5");
        assertThat(spec.host().autoRemove()).isFalse();
        assertThat(spec.endpoints().get("blue").aliases()).containsExactly("w");
        assertThat(spec.endpoints().get("blue").ipv4()).hasValue(IpAddresses.parse("10.1.0.9"));
    }

    @Test
    void aMinimalBodyTakesDefaultsAndNoNameIsGenerated() throws IOException {
        Reply reply = api.call(
                "POST",
                "/containers/create",
                "{\"Image\":\"busybox\",\"Cmd\":\"sh\",\"HostConfig\":null,"
                        + "\"NetworkingConfig\":null,\"containerId\":\"ignored\"}");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(api.containers.lastName).isEmpty();
        assertThat(api.containers.lastSpec.cmd()).containsExactly("sh");
        assertThat(api.containers.lastSpec.host().networkMode()).isEqualTo("default");
        assertThat(api.containers.lastSpec.host().restartPolicy()).isEqualTo("no");
    }

    @Test
    void createErrors() throws IOException {
        create("web", "{\"Image\":\"busybox\"}");
        Reply taken = api.call("POST", "/containers/create?name=web", "{\"Image\":\"busybox\"}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body()).contains("Conflict. The container name \\\"/web\\\" is already in use");
        Reply missing = api.call("POST", "/containers/create", "{\"Image\":\"missing\"}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"message\":\"No such image: missing:latest\"}\n");
        assertThat(api.call("POST", "/containers/create", "{\"Image\":\"busybox\",\"ExposedPorts\":{\"http\":{}}}")
                        .status())
                .isEqualTo(400);
        assertThat(api.call("POST", "/containers/create", "{\"Image\":\"busybox\",\"Env\":{\"A\":1}}")
                        .status())
                .isEqualTo(400);
        assertThat(api.call("POST", "/containers/create", "{\"Image\":\"busybox\",\"Cmd\":[\"sh\"")
                        .status())
                .isEqualTo(400);
        assertThat(api.call("POST", "/containers/create", "").status()).isEqualTo(400);
    }

    @Test
    void lifecycleRoutesCallTheBackendWithTheirArguments() throws IOException {
        String id = create("web", "{\"Image\":\"busybox\",\"Cmd\":[\"httpd\"]}");

        assertThat(api.call("POST", "/v1.47/containers/web/start").status()).isEqualTo(204);
        Reply again = api.call("POST", "/containers/" + id.substring(0, 12) + "/start");
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(api.call("POST", "/containers/web/restart?t=1").status()).isEqualTo(204);
        assertThat(api.call("POST", "/containers/web/kill?signal=HUP").status()).isEqualTo(204);
        assertThat(api.call("POST", "/containers/web/kill").status()).isEqualTo(409);
        assertThat(api.call("POST", "/containers/web/stop?t=5").status()).isEqualTo(304);
        assertThat(api.call("POST", "/containers/web/stop?t=soon").status()).isEqualTo(400);
        assertThat(api.call("DELETE", "/containers/web?v=False&link=False&force=False")
                        .status())
                .isEqualTo(204);
        assertThat(api.call("DELETE", "/containers/web").status()).isEqualTo(404);
        assertThat(api.containers.calls)
                .containsSubsequence(
                        "start web",
                        "restart web",
                        "stop web 1",
                        "kill web HUP",
                        "kill web ",
                        "stop web 5",
                        "remove web force=false");
    }

    @Test
    void removeParsesForceLikeDockerClients() throws IOException {
        create("a", "{\"Image\":\"busybox\",\"Cmd\":[\"httpd\"]}");
        api.call("POST", "/containers/a/start");
        assertThat(api.call("DELETE", "/containers/a?force=0").status()).isEqualTo(409);
        assertThat(api.call("DELETE", "/containers/a?force=maybe").status()).isEqualTo(400);
        assertThat(api.call("DELETE", "/containers/a?v=true&force=true").status())
                .isEqualTo(204);
        assertThat(api.containers.calls).contains("remove a force=false", "remove a force=true");
    }

    @Test
    void listRendersDockersSummary() throws IOException {
        String id = create("web", CLI_CREATE);
        api.call("POST", "/containers/web/start");
        create("idle", "{\"Image\":\"busybox\",\"Labels\":{\"tier\":\"back\"}}");

        JsonNode running = ApiFixture.json(api.call("GET", "/v1.47/containers/json"));
        assertThat(running).hasSize(1);
        JsonNode web = running.get(0);
        assertThat(web.get("Id").asText()).isEqualTo(id);
        assertThat(web.get("Names").toString()).isEqualTo("[\"/web\"]");
        assertThat(web.get("Image").asText()).isEqualTo("busybox");
        assertThat(web.get("ImageID").asText()).startsWith("sha256:");
        assertThat(web.get("Command").asText()).isEqualTo("httpd -f");
        assertThat(web.get("Created").asLong()).isEqualTo(FakeContainerBackend.CREATED.getEpochSecond());
        assertThat(web.get("Ports").toString())
                .isEqualTo("[{\"IP\":\"127.0.0.1\",\"PrivatePort\":80,\"PublicPort\":8080,\"Type\":\"tcp\"}]");
        assertThat(web.get("State").asText()).isEqualTo("running");
        assertThat(web.get("Status").asText()).isEqualTo("Up 3 seconds");
        assertThat(web.get("HostConfig").toString()).isEqualTo("{\"NetworkMode\":\"blue\"}");
        assertThat(web.get("NetworkSettings")
                        .get("Networks")
                        .get("blue")
                        .get("IPAddress")
                        .asText())
                .isEqualTo("172.17.0.2");
        assertThat(web.get("Mounts").toString()).isEqualTo("[]");

        JsonNode all = ApiFixture.json(api.call("GET", "/containers/json?all=1&limit=-1"));
        assertThat(all).hasSize(2);
        assertThat(all.get(0).get("Status").asText()).isEqualTo("Created");
        assertThat(all.get(0).get("Ports").toString()).isEqualTo("[]");
        String labels = URLEncoder.encode("{\"label\": [\"tier=back\"]}", StandardCharsets.UTF_8);
        JsonNode filtered = ApiFixture.json(api.call("GET", "/containers/json?all=true&filters=" + labels));
        assertThat(filtered).hasSize(1);
        assertThat(filtered.get(0).get("Names").get(0).asText()).isEqualTo("/idle");
        assertThat(api.call("GET", "/containers/json?filters=%7B%22colour%22%3A%5B%22x%22%5D%7D")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void inspectRendersDockersContainerObject() throws IOException {
        String id = create("web", CLI_CREATE);
        JsonNode created = ApiFixture.json(api.call("GET", "/v1.47/containers/web/json"));
        assertThat(created.get("State").get("Status").asText()).isEqualTo("created");
        assertThat(created.get("State").get("StartedAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(created.get("NetworkSettings").get("Ports").toString()).isEqualTo("{}");

        api.call("POST", "/containers/web/start");
        JsonNode web = ApiFixture.json(api.call("GET", "/containers/web/json"));

        assertThat(web.get("Id").asText()).isEqualTo(id);
        assertThat(web.get("Name").asText()).isEqualTo("/web");
        assertThat(web.get("Created").asText()).isEqualTo("2026-01-02T03:04:05.5Z");
        assertThat(web.get("Path").asText()).isEqualTo("httpd");
        assertThat(web.get("Args").toString()).isEqualTo("[\"-f\"]");
        JsonNode state = web.get("State");
        assertThat(state.get("Status").asText()).isEqualTo("running");
        assertThat(state.get("Running").asBoolean()).isTrue();
        assertThat(state.get("Paused").isBoolean()).isTrue();
        assertThat(state.get("Pid").asLong()).isEqualTo(4242);
        assertThat(state.get("StartedAt").asText()).isEqualTo("2026-01-02T03:04:57Z");
        assertThat(state.get("FinishedAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(web.get("Config").get("Hostname").asText()).isEqualTo("h");
        assertThat(web.get("Config").get("Labels").toString()).isEqualTo("{\"tier\":\"front\"}");
        assertThat(web.get("Config").get("ExposedPorts").toString()).isEqualTo("{\"80/tcp\":{}}");
        assertThat(web.get("HostConfig").get("NetworkMode").asText()).isEqualTo("blue");
        assertThat(web.get("HostConfig").get("PortBindings").toString())
                .isEqualTo("{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8080\"}]}");
        JsonNode settings = web.get("NetworkSettings");
        assertThat(settings.get("Ports").toString())
                .isEqualTo("{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8080\"}]}");
        assertThat(settings.get("SandboxKey").asText()).isEqualTo("/run/shoal/netns/" + id.substring(0, 12));
        assertThat(settings.get("IPAddress").asText()).isEmpty(); // only the default bridge fills the legacy fields
        JsonNode blue = settings.get("Networks").get("blue");
        assertThat(blue.get("IPAMConfig").toString()).isEqualTo("{\"IPv4Address\":\"10.1.0.9\"}");
        assertThat(blue.get("Aliases").toString()).isEqualTo("[\"w\"]");
        assertThat(blue.get("IPAddress").asText()).isEqualTo("172.17.0.2");
        assertThat(blue.get("IPPrefixLen").asInt()).isEqualTo(16);
        assertThat(blue.get("Gateway").asText()).isEqualTo("172.17.0.1");
        assertThat(blue.get("MacAddress").asText()).isEqualTo("02:42:ac:11:00:02");
        assertThat(blue.get("DNSNames").toString()).isEqualTo("[\"web\",\"" + id.substring(0, 12) + "\"]");
        assertThat(blue.get("NetworkID").asText()).matches("[0-9a-f]{64}");

        assertThat(api.call("GET", "/containers/ghost/json").status()).isEqualTo(404);
    }

    @Test
    void execCreateAndInspect() throws IOException {
        create("web", "{\"Image\":\"busybox\",\"Cmd\":[\"httpd\"]}");
        assertThat(api.call("POST", "/containers/web/exec", "{\"Cmd\":[\"echo\",\"hi\"]}")
                        .status())
                .isEqualTo(409);
        api.call("POST", "/containers/web/start");

        Reply created = api.call(
                "POST",
                "/v1.47/containers/web/exec",
                "{\"User\":\"\",\"Privileged\":false,\"Tty\":false,"
                        + "\"AttachStdin\":false,\"AttachStderr\":true,\"AttachStdout\":true,\"Detach\":false,"
                        + "\"DetachKeys\":\"\",\"Env\":null,\"WorkingDir\":\"\",\"Cmd\":[\"echo\",\"hi\"]}");
        assertThat(created.status()).isEqualTo(201);
        String execId = ApiFixture.json(created).get("Id").asText();
        assertThat(execId).matches("[0-9a-f]{64}");

        JsonNode exec = ApiFixture.json(api.call("GET", "/exec/" + execId + "/json"));
        assertThat(exec.get("ID").asText()).isEqualTo(execId);
        assertThat(exec.has("Id")).isFalse();
        assertThat(exec.get("Running").asBoolean()).isFalse();
        assertThat(exec.get("ExitCode").isNull()).isTrue();
        assertThat(exec.get("ProcessConfig").toString())
                .isEqualTo("{\"tty\":false,\"entrypoint\":\"echo\",\"arguments\":[\"hi\"],\"privileged\":false}");

        assertThat(api.call("POST", "/containers/web/exec", "{\"Cmd\":[]}").status())
                .isEqualTo(400);
        assertThat(api.call("GET", "/exec/nothere/json").status()).isEqualTo(404);
        assertThat(api.call("POST", "/exec/nothere/start", "{\"Detach\":true}").status())
                .isEqualTo(404);
    }

    @Test
    void detachedExecStartIs200WithoutABody() throws IOException {
        create("web", "{\"Image\":\"busybox\",\"Cmd\":[\"httpd\"]}");
        api.call("POST", "/containers/web/start");
        String execId = ApiFixture.json(api.call("POST", "/containers/web/exec", "{\"Cmd\":[\"fail\",\"4\"]}"))
                .get("Id")
                .asText();

        Reply started = api.call("POST", "/exec/" + execId + "/start", "{\"Detach\":true,\"Tty\":false}");

        assertThat(started.status()).isEqualTo(200);
        assertThat(started.body()).isEmpty();
        assertThat(api.containers.calls).contains("start exec " + execId + " detached");
        assertThat(api.call("POST", "/exec/" + execId + "/start", "{\"Detach\":true}")
                        .status())
                .isEqualTo(409);
    }

    @Test
    void waitWithAnUnknownConditionOrContainerIsRefusedBeforeAnyHead() throws IOException {
        create("web", "{\"Image\":\"busybox\"}");
        assertThat(api.call("POST", "/containers/web/wait?condition=whenever").status())
                .isEqualTo(400);
        assertThat(api.call("POST", "/containers/ghost/wait").status()).isEqualTo(404);
        assertThat(api.call("GET", "/containers/web/logs").status()).isEqualTo(400);
        assertThat(api.call("POST", "/containers/web/resize?h=40&w=120").status())
                .isEqualTo(409); // created, not running: no terminal to resize
        assertThat(api.call("POST", "/containers/ghost/resize?h=40&w=120").status())
                .isEqualTo(404);
        assertThat(Optional.ofNullable(api.containers.lastSpec)).isPresent();
    }
}
