package io.shoal.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shoal.engine.api.RawHttp.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real docker CLI (28.2.2) against Shoal's server on a socket in a temporary directory: negotiation through
 * {@code HEAD /_ping}, then {@code GET /v1.47/version}. Needs no root; aborts when the CLI is missing.
 */
@Tag("e2e")
class DockerCliE2eTest {
    private static final Path DOCKER = Path.of("/usr/local/bin/docker");

    @TempDir
    Path dir;

    private ExecutorService handlers;
    private ApiServer server;
    private EngineInfo engine;

    @BeforeEach
    void start() throws IOException {
        assumeTrue(Files.isExecutable(DOCKER), "the docker CLI is not installed at " + DOCKER);
        handlers = Executors.newCachedThreadPool();
        engine = EngineInfo.current();
        Router router = new SystemRoutes(engine).addTo(Router.builder()).build();
        server = ApiServer.start(dir.resolve("shoal.sock"), router, handlers, engine, ApiServer.DEFAULT_MAX_BODY_BYTES);
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
            handlers.shutdownNow();
        }
    }

    @Test
    void theCliNegotiatesTheServersMaximumVersion() throws Exception {
        Result result = docker("version", "--format", "{{.Server.APIVersion}}");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("1.47");
    }

    @Test
    void dockerVersionShowsTheEngineDetails() throws Exception {
        Result result = docker("version");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.stdout())
                .contains("Server: Shoal", " Engine:", "1.47 (minimum version 1.24)")
                .contains(engine.version(), engine.runtimeVersion(), engine.os() + "/" + engine.arch());
    }

    @Test
    void garbageGets400AndTheServerKeepsServing() throws Exception {
        try (RawHttp raw = RawHttp.connect(server.socket())) {
            raw.send(new byte[] {'G', 'E', 'T', ' ', 0, 1, 2, ' ', 'H', 'T', 'X', '\r', '\n', '\r', '\n'});
            Reply reply = raw.read(false);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        }

        Result result = docker("version", "--format", "{{.Server.APIVersion}}");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("1.47");
    }

    private Result docker(String... args) throws IOException, InterruptedException {
        Path config = Files.createDirectories(dir.resolve("docker-config"));
        ProcessBuilder builder = new ProcessBuilder(concat(DOCKER.toString(), args))
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("DOCKER_"));
        env.put("DOCKER_HOST", "unix://" + server.socket());
        env.put("DOCKER_CONFIG", config.toString()); // no contexts or credentials from the machine's user
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Result(
                process.exitValue(),
                Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8));
    }

    private static List<String> concat(String first, String... rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), java.util.Arrays.stream(rest))
                .toList();
    }

    private record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
