package io.shoal.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.shoal.engine.api.RawHttp.Reply;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server on a real unix socket in a temporary directory (ApiFixture), with the system routes and a few test-only routes. */
class ApiServerTest {
    private static final int BODY_LIMIT = 1024;

    @RegisterExtension
    final ApiFixture api = ApiFixture.overFakes().withBodyLimit(BODY_LIMIT).withRoutes(ApiServerTest::testRoutes);

    /** The system routes and a few test-only routes. */
    private static Router testRoutes(ApiFixture api) {
        return new SystemRoutes(api.engine())
                .addTo(Router.builder())
                .route(HttpMethod.POST, "/test/greet", request -> {
                    JsonBody greeting = request.jsonBody(false);
                    int times = greeting.intValue("Times").orElse(0);
                    return Response.json(
                            HttpResponseStatus.CREATED,
                            Map.of("Text", ("hi " + greeting.string("Name")).repeat(times)));
                })
                .route(
                        HttpMethod.GET,
                        "/test/thread",
                        request -> Response.text(
                                HttpResponseStatus.OK, Thread.currentThread().getName()))
                .route(
                        HttpMethod.GET,
                        "/test/version",
                        request -> Response.text(
                                HttpResponseStatus.OK, request.version().toString()))
                .route(HttpMethod.DELETE, "/test/conflict", request -> {
                    throw new EngineException(ErrorKind.CONFLICT, "container web is running");
                })
                .route(HttpMethod.GET, "/test/bug", request -> {
                    throw new IllegalStateException("broken handler");
                })
                .route(HttpMethod.GET, "/test/missing-class", request -> {
                    throw new NoClassDefFoundError("io/shoal/engine/Gone");
                })
                .build();
    }

    private Reply get(String path) throws IOException {
        return RawHttp.exchange(api.socket, "GET " + path + " HTTP/1.1\r\nHost: api.moby.localhost\r\n\r\n");
    }

    @Test
    void theSocketIsReadableAndWritableByOwnerAndGroupOnly() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(api.socket)))
                .isEqualTo("rw-rw----");
    }

    @Test
    void closingRemovesTheSocket() throws IOException {
        api.server().close();
        assertThat(api.socket).doesNotExist();
    }

    @Test
    void everyResponseCarriesTheEngineHeaders() throws IOException {
        for (String path : new String[] {"/_ping", "/v1.47/version", "/nowhere", "/v1.99/version"}) {
            Reply reply = get(path);
            assertThat(reply.header("Api-Version")).as(path).isEqualTo("1.47");
            assertThat(reply.header("Ostype")).as(path).isEqualTo("linux");
            assertThat(reply.header("Server")).as(path).isEqualTo("Shoal/9.8.7 (linux)");
        }
    }

    @Test
    void getPingAnswersOkWithTheNegotiationHeaders() throws IOException {
        Reply reply = get("/_ping");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("OK");
        assertThat(reply.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(reply.header("Cache-Control")).isEqualTo("no-cache, no-store, must-revalidate");
        assertThat(reply.header("Pragma")).isEqualTo("no-cache");
        assertThat(reply.header("Builder-Version")).isEqualTo("1");
        assertThat(reply.header("Swarm")).isEqualTo("inactive");
    }

    @Test
    void headPingHasNoBodyAndContentLengthZero() throws IOException {
        try (RawHttp http = RawHttp.connect(api.socket)) {
            http.send("HEAD /_ping HTTP/1.1\r\nHost: x\r\n\r\n");
            Reply head = http.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo("0");
            assertThat(head.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(head.header("Api-Version")).isEqualTo("1.47");
            // Nothing followed the headers: the next reply on this connection is the next request's.
            http.send("GET /v1.47/_ping HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(http.read(false).body()).isEqualTo("OK");
        }
    }

    @Test
    void versionHasDockersShapeWithTrueValues() throws IOException {
        Reply reply = get("/v1.47/version");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        assertThat(reply.body())
                .endsWith("}\n")
                .contains("\"Platform\":{\"Name\":\"Shoal\"}")
                .contains("\"Components\":[{\"Name\":\"Engine\",\"Version\":\"9.8.7\",\"Details\":{")
                .contains("\"ApiVersion\":\"1.47\"", "\"MinAPIVersion\":\"1.24\"", "\"GitCommit\":\"abc1234\"")
                .contains("\"GoVersion\":\"Java 17\"", "\"Os\":\"linux\"", "\"Arch\":\"amd64\"")
                .contains("\"KernelVersion\":\"6.1.0-test\"", "\"Experimental\":\"false\"")
                .contains("\"Experimental\":false", "\"BuildTime\":\"2026-01-02T03:04:05Z\"");
    }

    @Test
    void pathsAreServedBareAndVersioned() throws IOException {
        assertThat(get("/test/version").body()).isEqualTo("1.47");
        assertThat(get("/v1.41/test/version").body()).isEqualTo("1.41");
        assertThat(get("/v1.24/test/version").body()).isEqualTo("1.24");
        assertThat(get("/v1.41/version").status()).isEqualTo(200);
    }

    @Test
    void aVersionOutsideTheRangeIs400() throws IOException {
        Reply tooNew = get("/v1.50/version");
        assertThat(tooNew.status()).isEqualTo(400);
        assertThat(tooNew.header("Content-Type")).isEqualTo("application/json");
        assertThat(tooNew.body())
                .isEqualTo("{\"message\":\"client version 1.50 is too new. Maximum supported API version is 1.47\"}\n");

        Reply tooOld = get("/v1.12/_ping");
        assertThat(tooOld.status()).isEqualTo(400);
        assertThat(tooOld.body()).startsWith("{\"message\":\"client version 1.12 is too old.");
    }

    @Test
    void anUnknownRouteOrMethodIs404PageNotFound() throws IOException {
        for (Reply reply : new Reply[] {
            get("/nowhere"),
            get("/v1.47/nowhere"),
            get("/vx.y/version"),
            RawHttp.exchange(api.socket, "POST /version HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        }) {
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.header("Content-Type")).isEqualTo("application/json");
            assertThat(reply.body()).isEqualTo("{\"message\":\"page not found\"}\n");
        }
    }

    @Test
    void anEngineErrorGetsTheStatusOfItsKind() throws IOException {
        Reply reply = RawHttp.exchange(api.socket, "DELETE /v1.47/test/conflict HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.body()).isEqualTo("{\"message\":\"container web is running\"}\n");
    }

    @Test
    void aHandlerBugIs500NamingIt() throws IOException {
        Reply reply = get("/test/bug");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.body()).contains("broken handler");
    }

    @Test
    void aClassThatCannotBeLoadedIs500AndTheServerGoesOn() throws IOException {
        Reply reply = get("/test/missing-class");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.body()).contains("io/shoal/engine/Gone");
        assertThat(get("/_ping").status()).isEqualTo(200);
    }

    @Test
    void handlersRunOnTheExecutorNotOnTheEventLoop() throws IOException {
        assertThat(get("/test/thread").body()).isEqualTo(ApiFixture.HANDLER_THREAD);
    }

    @Test
    void aJsonBodyIsParsedWhetherSizedOrChunked() throws IOException {
        String json = "{\"Name\":\"shoal\",\"Times\":2,\"Unknown\":{\"ignored\":true}}";
        Reply sized = RawHttp.exchange(
                api.socket,
                "POST /v1.47/test/greet HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                        + json.length() + "\r\n\r\n" + json);
        assertThat(sized.status()).isEqualTo(201);
        assertThat(sized.body()).isEqualTo("{\"Text\":\"hi shoalhi shoal\"}\n");

        String chunked = Integer.toHexString(10) + "\r\n" + json.substring(0, 10) + "\r\n"
                + Integer.toHexString(json.length() - 10) + "\r\n" + json.substring(10) + "\r\n0\r\n\r\n";
        Reply fromChunks = RawHttp.exchange(
                api.socket,
                "POST /test/greet HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n" + chunked);
        assertThat(fromChunks.body()).isEqualTo(sized.body());
    }

    @Test
    void malformedJsonIs400SayingWhatIsWrong() throws IOException {
        String json = "{\"Name\": \"shoal\", \"Times\": }";
        Reply reply = RawHttp.exchange(
                api.socket,
                "POST /test/greet HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                        + json.length() + "\r\n\r\n" + json);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        assertThat(reply.body()).startsWith("{\"message\":\"invalid JSON: ").contains("line 1, column");
    }

    @Test
    void aJsonBodyOfAnotherMediaTypeIs400() throws IOException {
        String json = "{\"Name\":\"shoal\",\"Times\":1}";
        Reply reply = RawHttp.exchange(
                api.socket,
                "POST /test/greet HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: " + json.length()
                        + "\r\n\r\n" + json);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("unsupported Content-Type header (text/plain)");
    }

    @Test
    void aBodyOverTheLimitIs413AndClosesTheConnection() throws IOException {
        String chunk = "x".repeat(BODY_LIMIT + 1);
        try (RawHttp http = RawHttp.connect(api.socket)) {
            http.send("POST /test/greet HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(chunk.length()) + "\r\n" + chunk
                    + "\r\n0\r\n\r\n");
            Reply reply = http.read(false);
            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.header("Content-Type")).isEqualTo("application/json");
            assertThat(reply.header("Api-Version")).isEqualTo("1.47");
            assertThat(reply.body())
                    .isEqualTo("{\"message\":\"request body is larger than the limit of 1024 bytes\"}\n");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void keepAliveServesPipelinedRequestsInOrder() throws IOException {
        try (RawHttp http = RawHttp.connect(api.socket)) {
            String pipelined = String.join(
                    "",
                    "GET /v1.30/test/version HTTP/1.1\r\nHost: x\r\n\r\n",
                    "GET /v1.41/test/version HTTP/1.1\r\nHost: x\r\n\r\n",
                    "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n",
                    "GET /v1.47/test/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            http.send(pipelined);
            assertThat(http.read(false).body()).isEqualTo("1.30");
            assertThat(http.read(false).body()).isEqualTo("1.41");
            assertThat(http.read(false).status()).isEqualTo(404);
            Reply last = http.read(false);
            assertThat(last.body()).isEqualTo("1.47");
            assertThat(last.header("Connection")).isEqualTo("close");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void bytesThatAreNotHttpGet400AndTheServerGoesOn() throws IOException {
        try (RawHttp http = RawHttp.connect(api.socket)) {
            http.send("THIS IS GARBAGE\r\n\r\n");
            Reply reply = http.read(false);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.body()).startsWith("{\"message\":\"malformed HTTP request: ");
            assertThat(http.closedByServer()).isTrue();
        }
        assertThat(get("/_ping").body()).isEqualTo("OK");
    }

    @Test
    void aLiveServersSocketIsNotTakenOver() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        ApiServer.start(api.socket, Router.builder().build(), api.handlers(), api.engine(), BODY_LIMIT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("another server is listening");
    }
}
