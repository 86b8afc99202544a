package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad requests written raw on a real shoald's socket (garbage, truncated JSON, a 5 MiB JSON body, unknown paths):
 * each answered with a Docker-style error ({@code {"message": ...}} and a 4xx status), and what {@code docker network
 * ls} and {@code docker ps} show is the same before and after. Runs as root through scripts/in-netns.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineCliBadRequestE2eTest {
    @RegisterExtension
    static final ShoaldUnderTest shoald = ShoaldUnderTest.perClass();

    private String networksBefore;
    private String containersBefore;

    @BeforeAll
    void populate() throws Exception {
        shoald.ok("network", "create", "kept");
        shoald.ok("run", "-d", "--name", "kept-c", "--network", "kept", ShoaldUnderTest.IMAGE, "sleep", "600");
        networksBefore = shoald.ok("network", "ls", "--no-trunc");
        containersBefore = shoald.ok("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Names}} {{.Networks}}");
    }

    @AfterAll
    void nothingOfTheKeptObjectsChanged() throws Exception {
        if (shoald.started()) {
            assertThat(shoald.ok("network", "ls", "--no-trunc")).isEqualTo(networksBefore);
            assertThat(shoald.ok("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Names}} {{.Networks}}"))
                    .isEqualTo(containersBefore);
        }
    }

    @Test
    void garbageIsABadRequest() throws Exception {
        String response = exchange("\u0001\u0002 this is not HTTP\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(response).startsWith("HTTP/1.1 400");
        assertUnchanged();
    }

    @Test
    void truncatedJsonIsABadRequestNamingTheBody() throws Exception {
        String response = post("/v1.47/networks/create", "{\"Name\": \"half\", \"Driver\": \"bri");
        assertThat(response).startsWith("HTTP/1.1 400").contains("\"message\"");
        assertThat(shoald.docker("network", "inspect", "half").exit()).isEqualTo(1);
        response = post("/v1.47/containers/create?name=half", "{\"Image\": \"busybox\", \"Cmd\": [");
        assertThat(response).startsWith("HTTP/1.1 400").contains("\"message\"");
        assertUnchanged();
    }

    @Test
    void aFiveMebibyteJsonBodyIsRefused() throws Exception {
        char[] padding = new char[5 * 1024 * 1024];
        Arrays.fill(padding, 'a');
        String body = "{\"Name\": \"huge\", \"Labels\": {\"pad\": \"" + new String(padding) + "\"}}";
        String response = post("/v1.47/networks/create", body);
        assertThat(response).matches("(?s)HTTP/1.1 4\\d\\d .*").contains("\"message\"");
        assertThat(shoald.docker("network", "inspect", "huge").exit()).isEqualTo(1);
        assertUnchanged();
    }

    @Test
    void unknownPathsAreNotFoundInDockersShape() throws Exception {
        String response = get("GET", "/v1.47/no/such/route");
        assertThat(response).startsWith("HTTP/1.1 404").contains("{\"message\":");
        response = get("DELETE", "/v1.47/networks/no-such-network");
        assertThat(response).startsWith("HTTP/1.1 404").contains("network no-such-network not found");
        assertUnchanged();
    }

    private void assertUnchanged() throws Exception {
        assertThat(shoald.ok("network", "ls", "--no-trunc")).isEqualTo(networksBefore);
        assertThat(shoald.ok("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Names}} {{.Networks}}"))
                .isEqualTo(containersBefore);
    }

    private String get(String method, String path) throws IOException {
        String request = method + " " + path + " HTTP/1.1\r\nHost: shoal\r\nConnection: close\r\n\r\n";
        return exchange(request.getBytes(StandardCharsets.US_ASCII));
    }

    private String post(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: shoal\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return exchange(request);
    }

    /**
     * Writes {@code request} (as far as the server reads it: it may answer and close early) and reads the response
     * until the server closes.
     */
    private String exchange(byte[] request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(shoald.socket()));
            ByteBuffer out = ByteBuffer.wrap(request);
            try {
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                channel.shutdownOutput();
            } catch (IOException e) {
                // The server answered and closed before reading all of it: its answer is still to be read.
            }
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(8192);
            try {
                while (channel.read(in) >= 0) {
                    response.write(in.array(), 0, in.position());
                    in.clear();
                }
            } catch (IOException e) {
                // A reset after the answer.
            }
            return response.toString(StandardCharsets.UTF_8);
        }
    }
}
