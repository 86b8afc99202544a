package io.shoal.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineApiTest {
    private static final String CREATED = CannedServer.json("201 Created", "{\"Id\":\"abc123\",\"Warnings\":[]}\n");

    @TempDir
    Path dir;

    @Test
    void createsAContainerAsTheCliDoesOnAUserNetworkAndOnNone() throws IOException {
        Path socket = dir.resolve("api.sock");
        try (CannedServer server = new CannedServer(socket, CREATED, CREATED);
                EngineApi api = new EngineApi(socket)) {
            assertThat(api.createContainer("c1", "net1", "img:latest", "sleep", "9"))
                    .isEqualTo("abc123");
            assertThat(api.createContainer(null, "none", "img:latest", "sleep", "9"))
                    .isEqualTo("abc123");

            assertThat(server.requests().get(0))
                    .startsWith("POST /v1.41/containers/create?name=c1 HTTP/1.1")
                    .endsWith("{\"Image\":\"img:latest\",\"Cmd\":[\"sleep\",\"9\"],\"HostConfig\":{\"NetworkMode\":"
                            + "\"net1\"},\"NetworkingConfig\":{\"EndpointsConfig\":{\"net1\":{}}}}");
            assertThat(server.requests().get(1))
                    .startsWith("POST /v1.41/containers/create HTTP/1.1")
                    .endsWith("{\"Image\":\"img:latest\",\"Cmd\":[\"sleep\",\"9\"],\"HostConfig\":{\"NetworkMode\":"
                            + "\"none\"}}");
        }
    }

    @Test
    void aRefusalCarriesTheStatusAndTheEnginesMessage() throws IOException {
        Path socket = dir.resolve("api.sock");
        String conflict = CannedServer.json("409 Conflict", "{\"message\":\"network with name n already exists\"}");
        try (CannedServer server = new CannedServer(socket, conflict);
                EngineApi api = new EngineApi(socket)) {
            assertThatThrownBy(() -> api.createNetwork("n"))
                    .isInstanceOfSatisfying(EngineApi.EngineCallException.class, e -> assertThat(e.status())
                            .isEqualTo(409))
                    .hasMessage("POST /networks/create -> 409: network with name n already exists");
        }
    }

    @Test
    void removalIfPresentIgnoresOnlyNotFound() throws IOException {
        Path socket = dir.resolve("api.sock");
        String notFound = CannedServer.json("404 Not Found", "{\"message\":\"no such one\"}");
        String broken = CannedServer.json("500 Internal Server Error", "{\"message\":\"oops\"}");
        try (CannedServer server = new CannedServer(socket, notFound, notFound, broken);
                EngineApi api = new EngineApi(socket)) {
            api.removeForceIfPresent("gone");
            api.removeNetworkIfPresent("gone");
            assertThatThrownBy(() -> api.removeForceIfPresent("c")).hasMessageContaining("500: oops");
            assertThat(server.requests().get(0)).startsWith("DELETE /v1.41/containers/gone?force=1 HTTP/1.1");
            assertThat(server.requests().get(1)).startsWith("DELETE /v1.41/networks/gone HTTP/1.1");
        }
    }

    @Test
    void readsTheContainersPidFromItsInspect() throws IOException {
        Path socket = dir.resolve("api.sock");
        String inspect =
                "HTTP/1.1 200 OK\r\nContent-Length: 46\r\n\r\n{\"Id\":\"x\",\"State\":{\"Running\":true,\"Pid\":4242}}";
        try (CannedServer server = new CannedServer(socket, inspect);
                EngineApi api = new EngineApi(socket)) {
            assertThat(api.pid("c")).isEqualTo(4242);
        }
    }
}
