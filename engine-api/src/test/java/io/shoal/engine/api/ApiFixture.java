package io.shoal.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shoal.engine.api.RawHttp.Reply;
import io.shoal.engine.events.EventBus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The API server on a unix socket in a temporary directory of its own, every route over fresh fake backends, as a
 * JUnit 5 extension: a test class registers it with {@code @RegisterExtension final ApiFixture api =
 * ApiFixture.overFakes();}, and each test gets a server started before it (before the class's own
 * {@code @BeforeEach}) and stopped after it, its directory deleted. Requests are raw HTTP ({@link #call}). The
 * {@code with…} methods choose what the starts use; call them where the field is made.
 */
final class ApiFixture implements BeforeEachCallback, AfterEachCallback {
    static final String HANDLER_THREAD = "api-handler";
    static final EngineInfo ENGINE =
            new EngineInfo("9.8.7", "abc1234", "2026-01-02T03:04:05Z", "Java 17", "linux", "amd64", "6.1.0-test");
    static final HostInfo HOST =
            new HostInfo("testhost", "Debian GNU/Linux 12 (bookworm)", "12", 2, 4_000_000_000L, "/var/lib/shoal");
    static final RuntimeVersions RUNTIMES =
            new RuntimeVersions("1.6.20~ds1", "1.6.20~ds1-1+b1", "1.1.5+ds1", "1.1.5+ds1-1+deb12u1");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private int maxBodyBytes = ApiServer.DEFAULT_MAX_BODY_BYTES;
    private EngineInfo engine = ENGINE;
    private boolean realHost;
    private Function<ApiFixture, Router> routes = ApiFixture::engineRoutes;

    FakeNetworkBackend networks;
    FakeContainerBackend containers;
    FakeImageBackend images;
    /** The engine's events that {@code GET /events} serves; tests publish to it (the fakes do not). */
    EventBus events;
    /** The temporary directory of the running test: the socket, and whatever else the test writes. */
    Path dir;

    Path socket;
    private ExecutorService handlers;
    private ApiServer server;

    private ApiFixture() {}

    /** Every route of the engine over the fake backends, a fixed engine and host, a clock fixed at the fakes' now. */
    static ApiFixture overFakes() {
        return new ApiFixture();
    }

    /** Request bodies above {@code bytes} are refused (default {@link ApiServer#DEFAULT_MAX_BODY_BYTES}). */
    ApiFixture withBodyLimit(int bytes) {
        maxBodyBytes = bytes;
        return this;
    }

    /** The server serves {@code routes} (made at each start, from this fixture) instead of the engine's. */
    ApiFixture withRoutes(Function<ApiFixture, Router> routes) {
        this.routes = routes;
        return this;
    }

    /**
     * This JVM's engine and host description ({@link EngineInfo#current()}, {@link HostInfo#current} of the test's
     * directory) and the system clock, as the real docker CLI should see them.
     */
    ApiFixture withThisHost() {
        engine = EngineInfo.current();
        realHost = true;
        return this;
    }

    /** The engine description the server announces. */
    EngineInfo engine() {
        return engine;
    }

    /** The running server. */
    ApiServer server() {
        return server;
    }

    /** The handler pool of the running server. */
    ExecutorService handlers() {
        return handlers;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("shoal-api-");
        start(Executors.newCachedThreadPool(task -> new Thread(task, HANDLER_THREAD)));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            stop();
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Stops the server and starts a new one over fresh fakes whose handlers run on {@code pool} (e.g. one thread, to
     * show that a request holds none while it waits).
     */
    void restart(ExecutorService pool) throws IOException {
        stop();
        start(pool);
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

    private void start(ExecutorService pool) throws IOException {
        networks = new FakeNetworkBackend();
        containers = new FakeContainerBackend();
        images = new FakeImageBackend();
        handlers = pool;
        socket = dir.resolve("api.sock");
        server = ApiServer.start(socket, routes.apply(this), handlers, engine, maxBodyBytes);
    }

    private Router engineRoutes() {
        HostInfo host = realHost ? HostInfo.current(dir) : HOST;
        Clock clock = realHost ? Clock.systemUTC() : Clock.fixed(containers.now, ZoneOffset.UTC);
        events = new EventBus(clock);
        return EngineRoutes.router(engine, host, networks, containers, images, clock, RUNTIMES, events);
    }

    private void stop() throws IOException {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (handlers != null) {
                handlers.shutdownNow();
            }
            if (containers != null) {
                containers.close();
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.delete(path);
        }
    }
}
