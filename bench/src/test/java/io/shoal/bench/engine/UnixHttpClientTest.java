package io.shoal.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixHttpClientTest {
    @TempDir
    Path dir;

    @Test
    void readsSizedChunkedAndEmptyBodiesOnOneKeptAliveConnection() throws IOException {
        Path socket = dir.resolve("api.sock");
        try (CannedServer server = new CannedServer(
                        socket,
                        "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{\"Id\":1}\n",
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nabcd\r\n3\r\nefg\r\n0\r\nX-Trailer: t\r\n\r\n",
                        "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n",
                        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                UnixHttpClient client = new UnixHttpClient(socket)) {
            assertThat(client.send("POST", "/v1.41/networks/create", "{\"Name\":\"n\"}"))
                    .isEqualTo(new UnixHttpClient.Response(201, "{\"Id\":1}\n"));
            assertThat(client.send("GET", "/chunked", null)).isEqualTo(new UnixHttpClient.Response(200, "abcdefg"));
            assertThat(client.send("POST", "/v1.41/containers/x/start", null))
                    .isEqualTo(new UnixHttpClient.Response(204, ""));
            assertThat(client.send("GET", "/after", null).body()).isEqualTo("ok");

            assertThat(server.connections()).isEqualTo(1);
            assertThat(server.requests().get(0))
                    .startsWith("POST /v1.41/networks/create HTTP/1.1\r\n")
                    .contains("Content-Type: application/json\r\n", "Content-Length: 12\r\n")
                    .endsWith("\r\n\r\n{\"Name\":\"n\"}");
            // A POST without a body still says so (Content-Length: 0), or a server would wait for one.
            assertThat(server.requests().get(2)).contains("Content-Length: 0\r\n");
        }
    }

    @Test
    void reconnectsAfterTheServerClosedAndReadsAnUnsizedBodyToTheEnd() throws IOException {
        Path socket = dir.resolve("api.sock");
        try (CannedServer server = new CannedServer(
                        socket,
                        "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end",
                        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nnew");
                UnixHttpClient client = new UnixHttpClient(socket)) {
            assertThat(client.send("GET", "/first", null).body()).isEqualTo("until the end");
            assertThat(client.send("GET", "/second", null).body()).isEqualTo("new");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void refusesWhatIsNotHttp() throws IOException {
        Path socket = dir.resolve("api.sock");
        try (CannedServer server = new CannedServer(socket, "SSH-2.0-OpenSSH\r\n\r\n");
                UnixHttpClient client = new UnixHttpClient(socket)) {
            assertThatThrownBy(() -> client.send("GET", "/", null))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("not an HTTP/1.x response");
        }
    }

    @Test
    void aTruncatedBodyIsAnError() throws IOException {
        Path socket = dir.resolve("api.sock");
        try (CannedServer server = new CannedServer(
                        socket, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\nshort");
                UnixHttpClient client = new UnixHttpClient(socket)) {
            assertThatThrownBy(() -> client.send("GET", "/", null)).hasMessageContaining("5 of 10 bytes");
        }
    }
}
