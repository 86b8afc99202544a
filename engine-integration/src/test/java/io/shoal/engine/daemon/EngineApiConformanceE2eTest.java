package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.engine.daemon.RawApi.Frame;
import io.shoal.engine.daemon.RawApi.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every Engine API endpoint shoald serves, called raw on a real shoald over real containers, checked against the
 * shape Docker documents for API 1.47 ({@link DockerApiShapes}): status code, Content-Type, every member a client may
 * read with its JSON type, and the framing of attach, exec and logs streams. A member missing is a failure even where
 * the docker CLI does not read it (docker-py and docker-java do). Runs as root through scripts/in-netns.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// A bound on a hang (a stream the server never ends), not a speed check.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EngineApiConformanceE2eTest {
    private static final String V = "/v1.47";
    private static final String JSON = "application/json";
    private static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
    private static final String RAW = "application/vnd.docker.raw-stream";

    @RegisterExtension
    static final ShoaldUnderTest shoald = ShoaldUnderTest.perClass();

    private RawApi api;

    @BeforeAll
    void connect() {
        api = new RawApi(shoald.socket());
    }

    @Test
    void pingVersionAndInfo() throws IOException {
        Reply ping = api.call("GET", "/_ping");
        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.text()).isEqualTo("OK");
        assertThat(ping.mediaType()).isEqualTo("text/plain");
        assertThat(ping.header("Api-Version")).matches("1\\.\\d+");
        assertThat(ping.header("OSType")).isEqualTo("linux");
        assertThat(api.call("HEAD", "/_ping").status()).isEqualTo(200);

        conforms(api.call("GET", V + "/version"), 200, DockerApiShapes.VERSION);
        conforms(api.call("GET", "/version"), 200, DockerApiShapes.VERSION);
        conforms(api.call("GET", V + "/info"), 200, DockerApiShapes.INFO);
    }

    @Test
    void networks() throws Exception {
        Reply created = api.call(
                "POST",
                V + "/networks/create",
                "{\"Name\":\"conf-net\",\"Driver\":\"bridge\",\"EnableIPv6\":true,\"Labels\":{\"a\":\"b\"},"
                        + "\"IPAM\":{\"Config\":[{\"Subnet\":\"10.91.0.0/24\",\"Gateway\":\"10.91.0.1\"},"
                        + "{\"Subnet\":\"fd91::/64\"}]},\"Options\":{\"com.docker.network.bridge.enable_icc\":\"true\"}}");
        conforms(created, 201, DockerApiShapes.NETWORK_CREATED);
        String id = created.json().get("Id").asText();
        shoald.ok("run", "-d", "--name", "conf-member", ShoaldUnderTest.IMAGE, "sleep", "600");

        assertThat(api.call("POST", V + "/networks/" + id + "/connect", "{\"Container\":\"conf-member\"}")
                        .status())
                .isEqualTo(200);
        Reply inspected = api.call("GET", V + "/networks/" + id);
        conforms(inspected, 200, DockerApiShapes.NETWORK);
        assertThat(inspected.json().get("Containers")).hasSize(1);
        assertThat(inspected
                        .json()
                        .get("Options")
                        .get("com.docker.network.bridge.enable_icc")
                        .asText())
                .isEqualTo("true");
        conforms(api.call("GET", V + "/networks"), 200, JsonShape.arrayOf(DockerApiShapes.NETWORK));
        conforms(
                api.call("GET", V + "/networks?filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D"),
                200,
                JsonShape.arrayOf(DockerApiShapes.NETWORK));

        assertThat(api.call("POST", V + "/networks/" + id + "/disconnect", "{\"Container\":\"conf-member\"}")
                        .status())
                .isEqualTo(200);
        conforms(api.call("POST", V + "/networks/create", "{\"Name\":\"conf-net\"}"), 409, DockerApiShapes.ERROR);
        conforms(api.call("GET", V + "/networks/conf-nosuch"), 404, DockerApiShapes.ERROR);
        conforms(api.call("POST", V + "/networks/create", "{\"Name\":"), 400, DockerApiShapes.ERROR);
        assertThat(api.call("DELETE", V + "/networks/" + id).status()).isEqualTo(204);
        shoald.ok("network", "create", "conf-unused");
        Reply pruned = api.call("POST", V + "/networks/prune");
        conforms(pruned, 200, DockerApiShapes.NETWORK_PRUNE);
        assertThat(pruned.json().get("NetworksDeleted").toString()).contains("conf-unused");
        shoald.ok("rm", "-f", "conf-member");
    }

    @Test
    void containersFromCreateToRemove() throws Exception {
        shoald.ok("network", "create", "conf-ctr");
        Reply created = api.call(
                "POST",
                V + "/containers/create?name=conf-web",
                "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"600\"],\"Labels\":{\"tier\":\"front\"},"
                        + "\"ExposedPorts\":{\"80/tcp\":{}},\"HostConfig\":{\"NetworkMode\":\"conf-ctr\","
                        + "\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"\"}]}},"
                        + "\"NetworkingConfig\":{\"EndpointsConfig\":{\"conf-ctr\":{\"Aliases\":[\"w\"]}}}}");
        conforms(created, 201, DockerApiShapes.CONTAINER_CREATED);
        String id = created.json().get("Id").asText();
        conforms(api.call("GET", V + "/containers/" + id + "/json"), 200, DockerApiShapes.CONTAINER_INSPECT);

        assertThat(api.call("POST", V + "/containers/" + id + "/start").status())
                .isEqualTo(204);
        assertThat(api.call("POST", V + "/containers/" + id + "/start").status())
                .isEqualTo(304);
        Reply running = api.call("GET", V + "/containers/" + id + "/json");
        conforms(running, 200, DockerApiShapes.CONTAINER_INSPECT);
        assertThat(running.json()
                        .at("/NetworkSettings/Networks/conf-ctr/IPAddress")
                        .asText())
                .isNotEmpty();
        Reply list = api.call("GET", V + "/containers/json?all=1");
        conforms(list, 200, JsonShape.arrayOf(DockerApiShapes.CONTAINER_SUMMARY));
        assertThat(list.json().toString()).contains("\"PublicPort\"");

        assertThat(api.call("POST", V + "/containers/" + id + "/restart?t=1").status())
                .isEqualTo(204);
        assertThat(api.call("POST", V + "/containers/" + id + "/kill").status()).isEqualTo(204);
        conforms(api.call("POST", V + "/containers/" + id + "/wait"), 200, DockerApiShapes.CONTAINER_WAIT);
        assertThat(api.call("POST", V + "/containers/" + id + "/stop").status()).isEqualTo(304);
        conforms(api.call("GET", V + "/containers/" + id + "/json"), 200, DockerApiShapes.CONTAINER_INSPECT);

        conforms(api.call("GET", V + "/containers/conf-nosuch/json"), 404, DockerApiShapes.ERROR);
        conforms(
                api.call("POST", V + "/containers/create?name=conf-web", "{\"Image\":\"busybox\",\"Cmd\":[\"sh\"]}"),
                409,
                DockerApiShapes.ERROR);
        conforms(
                api.call("POST", V + "/containers/create", "{\"Image\":\"conf-no-such-image\"}"),
                404,
                DockerApiShapes.ERROR);
        assertThat(api.call("DELETE", V + "/containers/" + id).status()).isEqualTo(204);
        conforms(api.call("DELETE", V + "/containers/" + id), 404, DockerApiShapes.ERROR);
        shoald.ok("network", "rm", "conf-ctr");
    }

    @Test
    void logsAndAttachAreMultiplexedWithoutATtyAndRawWithOne() throws Exception {
        String plain = shoald.ok(
                "run", "-d", "--name", "conf-out", ShoaldUnderTest.IMAGE, "sh", "-c", "echo out; echo err >&2");
        String tty = shoald.ok("run", "-d", "-t", "--name", "conf-tty", ShoaldUnderTest.IMAGE, "sh", "-c", "echo tty");
        shoald.ok("wait", plain);
        shoald.ok("wait", tty);

        Reply logs = api.call("GET", V + "/containers/" + plain + "/logs?stdout=1&stderr=1");
        assertThat(logs.status()).isEqualTo(200);
        assertThat(logs.mediaType()).isEqualTo(MULTIPLEXED);
        assertThat(RawApi.frames(logs.body())).containsExactlyInAnyOrder(new Frame(1, "out\n"), new Frame(2, "err\n"));
        Reply ttyLogs = api.call("GET", V + "/containers/" + tty + "/logs?stdout=1&stderr=1");
        assertThat(ttyLogs.mediaType()).isEqualTo(RAW);
        assertThat(ttyLogs.text()).isEqualTo("tty\r\n");

        Reply attach = api.upgrade(V + "/containers/" + plain + "/attach?logs=1&stream=0&stdout=1&stderr=1", "");
        assertThat(attach.status()).as(attach.toString()).isEqualTo(101);
        assertThat(attach.mediaType()).isEqualTo(MULTIPLEXED);
        assertThat(attach.header("Upgrade")).isEqualTo("tcp");
        assertThat(RawApi.frames(attach.body()))
                .containsExactlyInAnyOrder(new Frame(1, "out\n"), new Frame(2, "err\n"));
        shoald.ok("rm", "conf-out", "conf-tty");
    }

    @Test
    void execCreateStartAndInspect() throws Exception {
        String id = shoald.ok("run", "-d", "--name", "conf-exec", ShoaldUnderTest.IMAGE, "sleep", "600");
        Reply created = api.call(
                "POST",
                V + "/containers/" + id + "/exec",
                "{\"AttachStdout\":true,\"AttachStderr\":true,\"Cmd\":[\"sh\",\"-c\",\"echo hi; echo oops >&2; exit 3\"]}");
        conforms(created, 201, DockerApiShapes.ID_RESPONSE);
        String exec = created.json().get("Id").asText();
        conforms(api.call("GET", V + "/exec/" + exec + "/json"), 200, DockerApiShapes.EXEC_INSPECT);

        Reply started = api.upgrade(V + "/exec/" + exec + "/start", "{\"Detach\":false,\"Tty\":false}");
        assertThat(started.status()).as(started.toString()).isEqualTo(101);
        assertThat(started.mediaType()).isEqualTo(MULTIPLEXED);
        assertThat(RawApi.frames(started.body()))
                .containsExactlyInAnyOrder(new Frame(1, "hi\n"), new Frame(2, "oops\n"));
        Reply done = api.call("GET", V + "/exec/" + exec + "/json");
        conforms(done, 200, DockerApiShapes.EXEC_INSPECT);
        assertThat(done.json().get("ExitCode").asInt()).isEqualTo(3);
        assertThat(done.json().get("Running").asBoolean()).isFalse();
        conforms(api.call("GET", V + "/exec/conf-nosuch/json"), 404, DockerApiShapes.ERROR);
        shoald.ok("rm", "-f", "conf-exec");
    }

    @Test
    void imagesImportListInspectTagRemoveAndPrune() throws Exception {
        Path tar = tinyRootfsTar();
        Reply imported = api.exchange(
                "POST",
                V + "/images/create?fromSrc=-&repo=conf-img&tag=1",
                Map.of("Content-Type", "application/x-tar"),
                Files.readAllBytes(tar));
        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.mediaType()).isEqualTo(JSON);
        for (JsonNode message : imported.jsonLines()) {
            assertThat(DockerApiShapes.PROGRESS.problems(message))
                    .as(message.toString())
                    .isEmpty();
        }
        conforms(api.call("GET", V + "/images/json"), 200, JsonShape.arrayOf(DockerApiShapes.IMAGE_SUMMARY));
        conforms(api.call("GET", V + "/images/conf-img:1/json"), 200, DockerApiShapes.IMAGE_INSPECT);
        conforms(api.call("GET", V + "/images/busybox/json"), 200, DockerApiShapes.IMAGE_INSPECT);
        assertThat(api.call("POST", V + "/images/conf-img:1/tag?repo=conf-img&tag=2")
                        .status())
                .isEqualTo(201);
        conforms(api.call("DELETE", V + "/images/conf-img:2"), 200, DockerApiShapes.IMAGE_DELETE);
        conforms(api.call("DELETE", V + "/images/conf-img:1"), 200, DockerApiShapes.IMAGE_DELETE);
        conforms(api.call("GET", V + "/images/conf-img:1/json"), 404, DockerApiShapes.ERROR);
        conforms(api.call("POST", V + "/images/prune"), 200, DockerApiShapes.IMAGE_PRUNE);
    }

    @Test
    void eventsAreOneMessagePerLine() throws Exception {
        long since = Instant.now().getEpochSecond() - 1;
        shoald.ok("network", "create", "conf-events");
        shoald.ok("network", "rm", "conf-events");
        long until = Instant.now().getEpochSecond() + 1;

        Reply events = api.call("GET", V + "/events?since=" + since + "&until=" + until);
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.mediaType()).isEqualTo(JSON);
        List<JsonNode> messages = events.jsonLines();
        assertThat(messages).isNotEmpty();
        for (JsonNode message : messages) {
            assertThat(DockerApiShapes.EVENT.problems(message))
                    .as(message.toString())
                    .isEmpty();
        }
    }

    @Test
    void unsupportedEndpointsAnswer501InDockersShape() throws IOException {
        conforms(api.call("GET", V + "/system/df"), 501, DockerApiShapes.ERROR);
        conforms(api.call("GET", V + "/no/such/route"), 404, DockerApiShapes.ERROR);
    }

    private static void conforms(Reply reply, int status, JsonShape shape) throws IOException {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.mediaType()).as(reply.toString()).isEqualTo(JSON);
        assertThat(shape.problems(reply.json())).as(reply.toString()).isEmpty();
    }

    private Path tinyRootfsTar() throws Exception {
        Path top = Files.createTempDirectory(shoald.dir(), "rootfs");
        Files.writeString(top.resolve("hello"), "hello\n");
        Path tar = shoald.dir().resolve("tiny.tar");
        ShoaldUnderTest.Result made =
                shoald.run(List.of("tar", "-C", top.toString(), "-cf", tar.toString(), "hello"), Map.of());
        assertThat(made.exit()).as(made.toString()).isZero();
        return tar;
    }
}
