package io.shoal.engine.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shoal.engine.runtime.Rootfs;
import io.shoal.engine.runtime.oci.ContainerSpecBuilder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class OciJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void rendersTheMembersRuncReads() throws Exception {
        JsonNode spec = MAPPER.readTree(
                OciJson.spec(ContainerSpecBuilder.forContainer("web", new Rootfs.Directory(Path.of("/srv/rootfs")))
                        .args(List.of("sh", "-c", "exit 3"))
                        .hostname("h1")
                        .networkNamespace(Path.of("/run/netns/sb"))
                        .networkFiles(Path.of("/e/hosts"), Path.of("/e/hostname"), Path.of("/e/resolv.conf"), false)
                        .build()));
        assertThat(spec.path("ociVersion").asText()).isEqualTo("1.0.2-dev");
        assertThat(spec.path("root").path("path").asText()).isEqualTo("/srv/rootfs");
        assertThat(spec.path("root").path("readonly").isBoolean()).isTrue();
        assertThat(spec.path("hostname").asText()).isEqualTo("h1");
        JsonNode process = spec.path("process");
        assertThat(process.path("terminal").asBoolean(true)).isFalse();
        assertThat(process.path("user").path("uid").asInt(-1)).isZero();
        assertThat(process.path("args").get(2).asText()).isEqualTo("exit 3");
        assertThat(process.path("cwd").asText()).isEqualTo("/");
        for (String set : List.of("bounding", "effective", "permitted")) {
            assertThat(process.path("capabilities").path(set)).hasSize(14);
        }
        assertThat(process.path("rlimits").get(0).path("type").asText()).isEqualTo("RLIMIT_NOFILE");
        JsonNode namespaces = spec.path("linux").path("namespaces");
        assertThat(namespaces.get(0).has("path")).isFalse();
        assertThat(namespaces.get(4).path("type").asText()).isEqualTo("network");
        assertThat(namespaces.get(4).path("path").asText()).isEqualTo("/run/netns/sb");
        JsonNode resolv = spec.path("mounts").get(spec.path("mounts").size() - 1);
        assertThat(resolv.path("destination").asText()).isEqualTo("/etc/resolv.conf");
        assertThat(resolv.path("type").asText()).isEqualTo("bind");
        assertThat(resolv.path("source").asText()).isEqualTo("/e/resolv.conf");
        assertThat(spec.path("linux")
                        .path("resources")
                        .path("devices")
                        .get(0)
                        .path("access")
                        .asText())
                .isEqualTo("rwm");
        assertThat(spec.path("linux").path("maskedPaths").size()).isGreaterThan(5);
        assertThat(spec.has("annotations")).isFalse();
    }

    @Test
    void anExecProcessIsAProcessObjectAlone() throws Exception {
        JsonNode process = MAPPER.readTree(
                OciJson.processOnly(ContainerSpecBuilder.execProcess(List.of("ls"), List.of(), "/tmp")));
        assertThat(process.path("args").get(0).asText()).isEqualTo("ls");
        assertThat(process.path("cwd").asText()).isEqualTo("/tmp");
        assertThat(process.has("root")).isFalse();
    }
}
