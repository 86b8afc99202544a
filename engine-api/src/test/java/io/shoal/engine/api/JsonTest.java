package io.shoal.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.shoal.engine.errors.EngineException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Json (jackson-jr) against the databind mapper the API rendered and parsed with up to session 10: the same bytes for
 * the same response, the same tree read from the same request.
 */
class JsonTest {
    /** The mapper engine-api used before (its configuration copied from that version). */
    private static final ObjectMapper BEFORE = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private enum Kind {
        CONTAINER,
        NETWORK
    }

    private static byte[] before(Object value) throws Exception {
        byte[] json = BEFORE.writeValueAsBytes(value);
        byte[] body = Arrays.copyOf(json, json.length + 1);
        body[json.length] = '\n';
        return body;
    }

    @Test
    void aResponseTreeIsRenderedAsDatabindRenderedIt() throws Exception {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("z", "last");
        labels.put("a", "first \"quoted\" \\ ünïcödé \u0001 </script>");
        JsonMap tree = new JsonMap()
                .with("Id", "c".repeat(64))
                .with("Warnings", null)
                .with("Count", 3)
                .with("Size", 9_000_000_000L)
                .with("Ratio", 0.25)
                .with("Big", 1.0e21)
                .with("Running", true)
                .with("Kind", Kind.NETWORK)
                .with("Labels", labels)
                .with("Empty", Map.of())
                .with("Nested", List.of(new JsonMap().with("A", List.of()).with("B", null), List.of(1, "two")));

        assertThat(new String(Json.render(tree), StandardCharsets.UTF_8))
                .isEqualTo(new String(before(tree), StandardCharsets.UTF_8));
    }

    /** moby's types.Version as the records SystemRoutes rendered through databind's PascalCase naming. */
    record Version(
            Platform platform,
            List<Component> components,
            String version,
            String apiVersion,
            String minAPIVersion,
            String gitCommit,
            String goVersion,
            String os,
            String arch,
            String kernelVersion,
            boolean experimental,
            String buildTime) {}

    record Platform(String name) {}

    record Component(String name, String version, Map<String, String> details) {}

    @Test
    void theVersionIsRenderedAsItsRecordsWereThroughPascalCase() throws Exception {
        EngineInfo engine = ApiFixture.ENGINE;
        // The same entries in the same order: Map.of iterates identically within one JVM.
        Map<String, String> details = Map.of(
                "ApiVersion", ApiVersion.MAX.toString(),
                "MinAPIVersion", ApiVersion.MIN.toString(),
                "GitCommit", engine.gitCommit(),
                "GoVersion", engine.runtimeVersion(),
                "Os", engine.os(),
                "Arch", engine.arch(),
                "KernelVersion", engine.kernelVersion(),
                "Experimental", "false",
                "BuildTime", engine.buildTime());
        Version before = new Version(
                new Platform("Shoal"),
                List.of(new Component("Engine", engine.version(), details)),
                engine.version(),
                ApiVersion.MAX.toString(),
                ApiVersion.MIN.toString(),
                engine.gitCommit(),
                engine.runtimeVersion(),
                engine.os(),
                engine.arch(),
                engine.kernelVersion(),
                false,
                engine.buildTime());

        assertThat(new String(Json.render(new SystemRoutes(engine).version()), StandardCharsets.UTF_8))
                .isEqualTo(new String(before(before), StandardCharsets.UTF_8));
    }

    @Test
    void theErrorBodyKeepsItsLowerCaseMember() throws Exception {
        Response error = Response.error(io.shoal.engine.errors.ErrorKind.NOT_FOUND, "No such container: web");

        assertThat(new String(error.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"message\":\"No such container: web\"}\n");
    }

    @Test
    void aValueThatIsNotATreeFailsInsteadOfBeingGuessedAt() {
        record NotATree(String name) {}

        assertThatThrownBy(() -> Json.render(new JsonMap().with("Value", new NotATree("x"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot render");
        assertThatThrownBy(() -> Json.render(Map.of("Value", Optional.of("x"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRequestIsReadAsTheSameTreeDatabindRead() throws Exception {
        String body = "{\"Name\":\"web\",\"Env\":[\"A=b\",null],\"HostConfig\":{\"Memory\":9000000000,"
                + "\"CpuShares\":2,\"Ratio\":1.5,\"Huge\":123456789012345678901234567890,\"Init\":null,"
                + "\"Privileged\":false},\"Name\":\"last wins\"} trailing text is ignored";

        Object tree = Json.parse(body.getBytes(StandardCharsets.UTF_8));

        JsonNode read = BEFORE.valueToTree(tree);
        assertThat(read).isEqualTo(BEFORE.readTree(body.substring(0, body.indexOf(" trailing"))));
        assertThat(((Map<?, ?>) tree).get("Name")).isEqualTo("last wins");
    }

    @Test
    void malformedJsonSaysWhatAndWhereAsDatabindDid() {
        assertThatThrownBy(() -> Json.parse("{\"Name\": \"shoal\",\n \"Times\": }".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("invalid JSON: Unexpected character ('}' (code 125))")
                .hasMessageEndingWith("at line 2, column 11");
        assertThatThrownBy(() -> Json.parse(new byte[0]))
                .isInstanceOf(EngineException.class)
                .hasMessage("invalid JSON: request body is empty");
    }
}
