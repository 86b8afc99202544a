package io.shoal.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shoal.engine.api.RawHttp.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The API server on a socket in {@code dir}, every route over fresh fake backends; requests are raw HTTP. */
final class ApiFixture implements AutoCloseable {
    static final String HANDLER_THREAD = "api-handler";
    static final EngineInfo ENGINE =
            new EngineInfo("9.8.7", "abc1234", "2026-01-02T03:04:05Z", "Java 17", "linux", "amd64", "6.1.0-test");
    static final HostInfo HOST =
            new HostInfo("testhost", "Debian GNU/Linux 12 (bookworm)", "12", 2, 4_000_000_000L, "/var/lib/shoal");
    static final RuntimeVersions RUNTIMES =
            new RuntimeVersions("1.6.20~ds1", "1.6.20~ds1-1+b1", "1.1.5+ds1", "1.1.5+ds1-1+deb12u1");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final FakeNetworkBackend networks = new FakeNetworkBackend();
    final FakeContainerBackend containers = new FakeContainerBackend();
    final FakeImageBackend images = new FakeImageBackend();
    final Path socket;
    private final ExecutorService handlers;
    private final ApiServer server;

    ApiFixture(Path dir) throws IOException {
        this(dir, ApiServer.DEFAULT_MAX_BODY_BYTES);
    }

    ApiFixture(Path dir, int maxBodyBytes) throws IOException {
        this(dir, maxBodyBytes, Executors.newCachedThreadPool(task -> new Thread(task, HANDLER_THREAD)));
    }

    /** A server whose handlers run on {@code handlers} (e.g. one thread, to show a request holds none while waiting). */
    ApiFixture(Path dir, int maxBodyBytes, ExecutorService handlers) throws IOException {
        this.handlers = handlers;
        Clock clock = Clock.fixed(containers.now, ZoneOffset.UTC);
        Router router = EngineRoutes.router(ENGINE, HOST, networks, containers, images, clock, RUNTIMES);
        socket = dir.resolve("api.sock");
        server = ApiServer.start(socket, router, handlers, ENGINE, maxBodyBytes);
    }

    /** One request without a body on a fresh connection. */
    Reply call(String method, String path) throws IOException {
        return RawHttp.exchange(socket, method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    }

    /** One request with a JSON body on a fresh connection. */
    Reply call(String method, String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return RawHttp.exchange(
                socket,
                method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + "Content-Length: "
                        + body.length + "\r\n\r\n" + json);
    }

    static JsonNode json(Reply reply) throws IOException {
        return MAPPER.readTree(reply.body());
    }

    @Override
    public void close() throws IOException {
        server.close();
        handlers.shutdownNow();
        containers.close();
    }
}
