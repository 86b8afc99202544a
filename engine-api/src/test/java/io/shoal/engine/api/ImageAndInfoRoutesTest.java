package io.shoal.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.engine.api.RawHttp.Reply;
import io.shoal.engine.image.ImageView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /images/json}, {@code /images/{name}/json}, {@code DELETE /images/{name}} and {@code /info}. */
class ImageAndInfoRoutesTest {
    @RegisterExtension
    final ApiFixture api = ApiFixture.overFakes();

    @Test
    void listRendersDockersImageSummary() throws IOException {
        ImageView image = api.images.add("busybox:local", "rootfs".getBytes(StandardCharsets.UTF_8));

        JsonNode list = ApiFixture.json(api.call("GET", "/v1.47/images/json"));

        assertThat(list).hasSize(1);
        assertThat(list.get(0).toString())
                .isEqualTo("{\"Containers\":-1,\"Created\":" + FakeImageBackend.CREATED.getEpochSecond() + ",\"Id\":\""
                        + image.id() + "\",\"Labels\":null,\"ParentId\":\"\",\"RepoDigests\":[],"
                        + "\"RepoTags\":[\"busybox:local\"],\"SharedSize\":-1,\"Size\":6}");
    }

    @Test
    void inspectFindsNamesWithSlashesAndColonsAndIds() throws IOException {
        ImageView image = api.images.add("registry.example:5000/team/app:1.0", new byte[] {1});

        Reply byName = api.call("GET", "/v1.47/images/registry.example:5000/team/app:1.0/json");
        assertThat(byName.status()).isEqualTo(200);
        JsonNode inspect = ApiFixture.json(byName);
        assertThat(inspect.get("Id").asText()).isEqualTo(image.id());
        assertThat(inspect.get("Created").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(inspect.get("Architecture").asText()).isEqualTo("amd64");
        assertThat(inspect.get("Os").asText()).isEqualTo("linux");
        assertThat(inspect.get("Comment").asText()).isEqualTo("Imported from -");
        assertThat(inspect.get("RootFS").get("Type").asText()).isEqualTo("layers");
        assertThat(inspect.get("Config").get("Env").toString()).isEqualTo("[\"PATH=/bin\"]");
        assertThat(inspect.get("Config").get("Cmd").toString()).isEqualTo("[\"sh\"]");
        assertThat(inspect.get("Config").get("WorkingDir").asText()).isEqualTo("/");

        assertThat(api.call("GET", "/images/" + image.id() + "/json").status()).isEqualTo(200);
        Reply missing = api.call("GET", "/images/nothere/json");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"message\":\"No such image: nothere\"}\n");
    }

    @Test
    void tagAddsTheReferenceAndAnswers201WithoutABody() throws Exception {
        ImageView image = api.images.add("busybox:local", new byte[] {5});

        Reply tagged = api.call("POST", "/v1.47/images/busybox:local/tag?repo=registry.example/team/app&tag=2");
        Reply withoutRepo = api.call("POST", "/v1.47/images/busybox:local/tag");
        Reply unknown = api.call("POST", "/v1.47/images/nosuch/tag?repo=x");

        assertThat(tagged.status()).as(tagged.body()).isEqualTo(201);
        assertThat(tagged.body()).isEmpty();
        assertThat(api.images.inspect(image.id()).repoTags())
                .containsExactly("busybox:local", "registry.example/team/app:2");
        assertThat(withoutRepo.status()).isEqualTo(400);
        assertThat(ApiFixture.json(withoutRepo).get("message").asText()).contains("repo is required");
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void removeReportsUntaggedThenDeleted() throws IOException {
        ImageView image = api.images.add("team/app:1.0", new byte[] {2});

        Reply reply = api.call("DELETE", "/v1.47/images/team/app:1.0?force=0&noprune=false");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("[{\"Untagged\":\"team/app:1.0\"},{\"Deleted\":\"" + image.id() + "\"}]\n");
        assertThat(api.call("DELETE", "/images/team/app:1.0").status()).isEqualTo(404);
    }

    @Test
    void infoCountsFromTheBackendsAndCarriesWhatClientsRead() throws IOException {
        api.images.add("busybox:local", new byte[] {3});
        api.call("POST", "/containers/create?name=a", "{\"Image\":\"busybox\",\"Cmd\":[\"httpd\"]}");
        api.call("POST", "/containers/create?name=b", "{\"Image\":\"busybox\"}");
        api.call("POST", "/containers/a/start");

        JsonNode info = ApiFixture.json(api.call("GET", "/v1.47/info"));

        assertThat(info.get("Containers").asInt()).isEqualTo(2);
        assertThat(info.get("ContainersRunning").asInt()).isEqualTo(1);
        assertThat(info.get("ContainersStopped").asInt()).isEqualTo(1);
        assertThat(info.get("Images").asInt()).isEqualTo(1);
        assertThat(info.get("Name").asText()).isEqualTo("testhost");
        assertThat(info.get("ServerVersion").asText()).isEqualTo("9.8.7");
        assertThat(info.get("OperatingSystem").asText()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(info.get("KernelVersion").asText()).isEqualTo("6.1.0-test");
        assertThat(info.get("Architecture").asText()).isEqualTo("x86_64");
        assertThat(info.get("NCPU").asInt()).isEqualTo(2);
        assertThat(info.get("MemTotal").isNumber()).isTrue();
        assertThat(info.get("MemTotal").asLong()).isEqualTo(4_000_000_000L);
        assertThat(info.get("DockerRootDir").asText()).isEqualTo("/var/lib/shoal");
        assertThat(info.get("Driver").asText()).isEqualTo("overlay");
        assertThat(info.get("Swarm").get("LocalNodeState").asText()).isEqualTo("inactive");
        assertThat(info.get("Swarm").get("ControlAvailable").asBoolean()).isFalse();
        assertThat(info.get("Labels").isArray()).isTrue();
        assertThat(info.get("SystemTime").asText()).isEqualTo("2026-01-02T03:05:00Z");
        assertThat(info.get("ContainerdCommit").get("ID").asText()).isEqualTo("1.6.20~ds1-1+b1");
        assertThat(info.get("RuncCommit").get("ID").asText()).isEqualTo("1.1.5+ds1-1+deb12u1");
        assertThat(info.get("DefaultRuntime").asText()).isEqualTo("runc");
        assertThat(info.get("Runtimes").has("io.containerd.runc.v2")).isTrue();
        assertThat(info.get("Runtimes").get("runc").get("path").asText()).isEqualTo("runc");
        assertThat(info.get("LoggingDriver").asText()).isEqualTo("json-file");
    }

    @Test
    void pruneRemovesOnlyDanglingImagesAndVolumesAreNone() throws Exception {
        api.images.add("busybox:local", new byte[] {4});
        ImageView dangling = api.images.importRootfs(
                new java.io.ByteArrayInputStream(new byte[] {5}), java.util.Optional.empty(), "", java.util.List.of());

        Reply images = api.call("POST", "/v1.44/images/prune?filters=%7B%22label%22%3A%5B%22a%22%5D%7D");
        assertThat(images.status()).isEqualTo(200);
        assertThat(images.body())
                .isEqualTo("{\"ImagesDeleted\":[{\"Deleted\":\"" + dangling.id() + "\"}],\"SpaceReclaimed\":0}\n");
        assertThat(api.call("GET", "/images/busybox:local/json").status()).isEqualTo(200);
        assertThat(api.images.lastListed.values("dangling")).containsExactly("true");
        assertThat(api.images.lastListed.values("label")).containsExactly("a");

        assertThat(api.call("POST", "/volumes/prune").body())
                .isEqualTo("{\"VolumesDeleted\":[],\"SpaceReclaimed\":0}\n");
        assertThat(api.call("GET", "/volumes").body()).isEqualTo("{\"Volumes\":[],\"Warnings\":null}\n");
    }
}
