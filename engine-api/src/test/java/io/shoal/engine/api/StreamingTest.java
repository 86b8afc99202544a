package io.shoal.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.api.RawHttp.Reply;
import io.shoal.engine.container.OutputSink.Stream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The streaming routes on raw sockets, byte for byte: wait's early head, hijacked attach and exec, chunked logs, a
 * chunked import of several MiB past the body limit, and bodies that are truncated, garbage or too big. The timeout
 * only keeps a broken server from hanging the build; no assertion depends on time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@SuppressWarnings("StringConcatToTextBlock") // wire text with CRLF line ends reads best as it goes out
class StreamingTest {
    private static final String UPGRADED = "HTTP/1.1 101 UPGRADED\r\n"
            + "Content-Type: application/vnd.docker.multiplexed-stream\r\n"
            + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n";

    @RegisterExtension
    final ApiFixture api = ApiFixture.overFakes();

    private void create(String name, String cmd) throws IOException {
        Reply reply = api.call(
                "POST",
                "/containers/create?name=" + name,
                "{\"Image\":\"busybox\",\"Cmd\":" + cmd + ",\"AttachStdout\":true,\"AttachStderr\":true}");
        assertThat(reply.status()).isEqualTo(201);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void waitFlushesItsHeadAtOnceAndItsBodyAtTheExit() throws IOException {
        create("web", "[\"httpd\"]");
        api.call("POST", "/containers/web/start");
        try (RawHttp http = RawHttp.connect(api.socket)) {
            http.send("POST /v1.47/containers/web/wait?condition=next-exit HTTP/1.1\r\nHost: x\r\n\r\n");
            Reply head = http.readHead(); // would block forever if the head waited for the exit
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Type")).isEqualTo("application/json");
            assertThat(head.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(head.header("Content-Length")).isNull();

            assertThat(api.call("POST", "/containers/web/kill").status()).isEqualTo(204);

            assertThat(new String(http.readChunk(), StandardCharsets.UTF_8)).isEqualTo("{\"StatusCode\":137}\n");
            assertThat(http.readChunk()).isEmpty();
            http.send("GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n"); // the connection serves on
            assertThat(http.read(false).body()).isEqualTo("OK");
        }
    }

    @Test
    void aWaitingClientThatLeavesChangesNothing() throws IOException {
        create("web", "[\"httpd\"]");
        api.call("POST", "/containers/web/start");
        try (RawHttp leaving = RawHttp.connect(api.socket);
                RawHttp staying = RawHttp.connect(api.socket)) {
            leaving.send("POST /containers/web/wait?condition=next-exit HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(leaving.readHead().status()).isEqualTo(200);
            staying.send("POST /containers/web/wait?condition=next-exit HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(staying.readHead().status()).isEqualTo(200);
            leaving.close(); // as the CLI does after run -d

            assertThat(api.call("POST", "/containers/web/stop").status()).isEqualTo(204);

            assertThat(new String(staying.readChunk(), StandardCharsets.UTF_8)).isEqualTo("{\"StatusCode\":0}\n");
        }
        assertThat(api.call("GET", "/_ping").body()).isEqualTo("OK");
        assertThat(api.containers.calls).doesNotContain("remove web force=true");
    }

    @Test
    void attachHijacksWithDockersExactHeadThenFramesThenCloses() throws IOException {
        create("job", "[\"echo\",\"hello\"]");
        try (RawHttp http = RawHttp.connect(api.socket)) {
            http.send("POST /v1.47/containers/job/attach?stderr=1&stdout=1&stream=1 HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: text/plain\r\n\r\n");
            byte[] head = http.readBytes(UPGRADED.length());
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo(UPGRADED);
            http.shutdownOutput(); // the CLI closes its stdin side; the output must still come

            assertThat(api.call("POST", "/containers/job/start").status()).isEqualTo(204);

            assertThat(http.readToEnd()).isEqualTo(OutputStreamBody.frame(Stream.STDOUT, utf8("hello\n")));
        }
        assertThat(api.containers.calls).contains("attach job stdout=true stderr=true");
    }

    @Test
    void attachWithoutUpgradeIs200AndRawFramesUntilClose() throws IOException {
        create("job", "[\"fail\",\"2\"]");
        try (RawHttp http = RawHttp.connect(api.socket)) {
            http.send("POST /v1.41/containers/job/attach?stderr=1&stdout=1&stream=1 HTTP/1.1\r\nHost: x\r\n\r\n");
            String head = "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n";
            assertThat(new String(http.readBytes(head.length()), StandardCharsets.US_ASCII))
                    .isEqualTo(head);

            api.call("POST", "/containers/job/start");

            assertThat(http.readToEnd()).isEqualTo(OutputStreamBody.frame(Stream.STDERR, utf8("failing\n")));
        }
    }

    @Test
    void attachWithLogsReplaysTheStoredOutputThenCloses() throws IOException {
        create("job", "[\"echo\",\"stored\"]");
        try (RawHttp http = RawHttp.connect(api.socket)) { // attach and wait for the end, so the output is stored
            http.send("POST /containers/job/attach?stdout=1&stream=1 HTTP/1.1\r\nHost: x\r\nUpgrade: tcp\r\n\r\n");
            http.readBytes(UPGRADED.length());
            api.call("POST", "/containers/job/start");
            http.readToEnd();
        }
        try (RawHttp http = RawHttp.connect(api.socket)) {
            http.send("POST /v1.47/containers/job/attach?logs=1&stream=0&stdout=1&stderr=1 HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
            assertThat(new String(http.readBytes(UPGRADED.length()), StandardCharsets.US_ASCII))
                    .isEqualTo(UPGRADED);

            byte[] expected = concat(
                    OutputStreamBody.frame(Stream.STDOUT, utf8("stored\n")),
                    OutputStreamBody.frame(Stream.STDERR, utf8("from stderr\n")));
            assertThat(http.readToEnd()).isEqualTo(expected);
        }
        assertThat(api.containers.calls).anyMatch(call -> call.startsWith("logs job") && call.contains("follow=false"));
    }

    @Test
    void attachToAMissingContainerIsAnOrdinary404() throws IOException {
        Reply reply = RawHttp.exchange(
                api.socket,
                "POST /containers/ghost/attach?stream=1&stdout=1 HTTP/1.1\r\n"
                        + "Host: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).isEqualTo("{\"message\":\"No such container: ghost\"}\n");
    }

    @Test
    void attachedExecStartHijacksAndTheExitCodeFollows() throws IOException {
        create("web", "[\"httpd\"]");
        api.call("POST", "/containers/web/start");
        String execId = ApiFixture.json(api.call(
                        "POST",
                        "/containers/web/exec",
                        "{\"AttachStdout\":true,\"AttachStderr\":true,\"Cmd\":[\"echo\",\"inside\"]}"))
                .get("Id")
                .asText();
        String body = "{\"Detach\":false,\"Tty\":false}";
        try (RawHttp http = RawHttp.connect(api.socket)) {
            http.send("POST /v1.47/exec/" + execId + "/start HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                    + "Upgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                    + body);
            assertThat(new String(http.readBytes(UPGRADED.length()), StandardCharsets.US_ASCII))
                    .isEqualTo(UPGRADED);
            assertThat(http.readToEnd()).isEqualTo(OutputStreamBody.frame(Stream.STDOUT, utf8("inside\n")));
        }
        assertThat(ApiFixture.json(api.call("GET", "/exec/" + execId + "/json"))
                        .get("ExitCode")
                        .asInt())
                .isZero();
    }

    @Test
    void logsAreChunkedFramesOnePerChunk() throws IOException {
        create("job", "[\"echo\",\"stored\"]");
        try (RawHttp http = RawHttp.connect(api.socket)) { // attach and wait for the end, so the output is stored
            http.send("POST /containers/job/attach?stdout=1&stream=1 HTTP/1.1\r\nHost: x\r\nUpgrade: tcp\r\n\r\n");
            http.readBytes(UPGRADED.length());
            api.call("POST", "/containers/job/start");
            http.readToEnd();
        }
        try (RawHttp http = RawHttp.connect(api.socket)) {
            http.send("GET /v1.47/containers/job/logs?stdout=1&stderr=1&tail=all&since=0 HTTP/1.1\r\nHost: x\r\n\r\n");
            Reply head = http.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Type")).isEqualTo("application/vnd.docker.multiplexed-stream");
            assertThat(head.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(http.readChunk()).isEqualTo(OutputStreamBody.frame(Stream.STDOUT, utf8("stored\n")));
            assertThat(http.readChunk()).isEqualTo(OutputStreamBody.frame(Stream.STDERR, utf8("from stderr\n")));
            assertThat(http.readChunk()).isEmpty();
        }
    }

    @Test
    void aFollowingLogReaderThatLeavesEndsItsSubscription() throws IOException {
        create("web", "[\"httpd\"]");
        api.call("POST", "/containers/web/start");
        try (RawHttp http = RawHttp.connect(api.socket)) {
            http.send("GET /containers/web/logs?stdout=true&stderr=true&follow=true HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(http.readHead().status()).isEqualTo(200);
            assertThat(http.readChunk()).isEqualTo(OutputStreamBody.frame(Stream.STDERR, utf8("from stderr\n")));
        }
        // the close reaches the server's event loop asynchronously; the next request on the loop comes after it
        for (int i = 0; i < 100 && api.containers.calls.stream().noneMatch(c -> c.startsWith("logs closed")); i++) {
            api.call("GET", "/_ping");
        }
        assertThat(api.containers.calls).anyMatch(call -> call.startsWith("logs closed"));
    }

    /** A chunked body in 64 KiB chunks, as Go's client streams {@code docker import -}. */
    private static byte[] chunked(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int offset = 0; offset < body.length; offset += 65536) {
            int length = Math.min(65536, body.length - offset);
            out.writeBytes(utf8(Integer.toHexString(length) + "\r\n"));
            out.write(body, offset, length);
            out.writeBytes(utf8("\r\n"));
        }
        out.writeBytes(utf8("0\r\n\r\n"));
        return out.toByteArray();
    }

    @Test
    void aChunkedImportOfSeveralMibStreamsPastTheBodyLimit() throws IOException {
        byte[] tarball = new byte[ApiServer.DEFAULT_MAX_BODY_BYTES + 1024 * 1024 + 3];
        new Random(11).nextBytes(tarball);
        try (RawHttp http = RawHttp.connect(api.socket)) {
            http.send(concat(
                    utf8("POST /v1.47/images/create?fromSrc=-&repo=busybox%3Alocal&message=&changes=CMD+%5B%22sh%22%5D"
                            + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"),
                    chunked(tarball)));
            Reply reply = http.read(false);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("Content-Type")).isEqualTo("application/json");
            String id = "sha256:" + HexFormat.of().formatHex(FakeIds.sha256(tarball));
            assertThat(reply.body()).isEqualTo("{\"status\":\"" + id + "\"}\r\n");

            http.send("GET /images/busybox:local/json HTTP/1.1\r\nHost: x\r\n\r\n"); // keep-alive goes on
            assertThat(ApiFixture.json(http.read(false)).get("Id").asText()).isEqualTo(id);
        }
        assertThat(api.images.importedBytes).isEqualTo(tarball.length);
        assertThat(api.images.importThread).isEqualTo(ApiFixture.HANDLER_THREAD);
        assertThat(api.images.lastReference).hasValue("busybox:local");
        assertThat(api.images.lastComment).isEqualTo("Imported from -");
        assertThat(api.images.lastChanges).containsExactly("CMD [\"sh\"]");
    }

    @Test
    void aFailedImportIsAnOrdinaryErrorAndAPullIs404() throws IOException {
        byte[] notTar = utf8("NOTATAR and more");
        Reply refused = RawHttp.exchange(
                api.socket,
                "POST /images/create?fromSrc=-&repo=x HTTP/1.1\r\nHost: x\r\n" + "Content-Length: " + notTar.length
                        + "\r\n\r\n" + new String(notTar, StandardCharsets.UTF_8));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("{\"message\":\"the tarball is not a tar archive\"}\n");

        try (RawHttp http = RawHttp.connect(api.socket)) {
            // a body the handler never reads is drained, and the connection serves the next request
            http.send(concat(
                    utf8("POST /v1.47/images/create?fromImage=busybox&tag=latest HTTP/1.1\r\nHost: x\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n"),
                    chunked(new byte[300_000])));
            Reply pull = http.read(false);
            assertThat(pull.status()).isEqualTo(404);
            assertThat(pull.body()).contains("no registry");
            http.send("GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(http.read(false).body()).isEqualTo("OK");
        }
    }

    @Test
    void aHugeJsonBodyIs413AndTheServerGoesOn() throws IOException {
        String huge = "{\"Name\":\"" + "x".repeat(ApiServer.DEFAULT_MAX_BODY_BYTES) + "\"}";
        try (RawHttp http = RawHttp.connect(api.socket)) {
            http.send("POST /networks/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + huge.length() + "\r\n\r\n");
            try {
                http.send(huge);
            } catch (IOException e) {
                // the server may close while the rest is still being written; its answer is what counts
            }
            Reply reply = http.read(false);
            assertThat(reply.status()).isEqualTo(413);
        }
        assertThat(api.networks.created).isEmpty();
        assertThat(api.call("GET", "/networks").status()).isEqualTo(200);
    }

    @Test
    void aBodyCutShortIs400AndTheServerGoesOn() throws IOException {
        try (RawHttp http = RawHttp.connect(api.socket)) {
            http.send("POST /networks/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"Name\":\"cut");
            http.shutdownOutput();
            byte[] rest = http.readToEnd();
            String answer = new String(rest, StandardCharsets.UTF_8);
            assertThat(answer).isEmpty(); // nothing complete arrived: nothing is answered, the connection closes
        }
        Reply garbage = api.call("POST", "/networks/create", "{\"Name\":\u0000\u0001}");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(api.networks.created).isEmpty();
        assertThat(api.call("GET", "/_ping").body()).isEqualTo("OK");
    }

    @Test
    void aMalformedUriIs400AndTheServerGoesOn() throws IOException {
        assertThat(api.call("GET", "/containers/json?filters=%zz").status()).isEqualTo(400);
        assertThat(api.call("GET", "/containers/%zz/json").status()).isEqualTo(400);
        assertThat(api.call("POST", "/images/create?fromSrc=-&repo=%zz").status())
                .isEqualTo(400);
        assertThat(api.call("GET", "/_ping").body()).isEqualTo("OK");
    }

    @Test
    void waitsAttachesAndFollowedLogsHoldNoHandlerThread() throws IOException {
        api.restart(
                java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, ApiFixture.HANDLER_THREAD)));
        create("web", "[\"httpd\"]");
        api.call("POST", "/containers/web/start");
        try (RawHttp wait = RawHttp.connect(api.socket);
                RawHttp logs = RawHttp.connect(api.socket);
                RawHttp attach = RawHttp.connect(api.socket)) {
            wait.send("POST /containers/web/wait?condition=next-exit HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(wait.readHead().status()).isEqualTo(200);
            logs.send("GET /containers/web/logs?stdout=1&follow=1 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(logs.readHead().status()).isEqualTo(200);
            attach.send("POST /containers/web/attach?stream=1&stdout=1 HTTP/1.1\r\nHost: x\r\nUpgrade: tcp\r\n\r\n");
            assertThat(new String(attach.readBytes(UPGRADED.length()), StandardCharsets.US_ASCII))
                    .isEqualTo(UPGRADED);

            // all three are still open; the one handler thread serves the next requests
            assertThat(api.call("GET", "/_ping").body()).isEqualTo("OK");
            assertThat(api.call("POST", "/containers/web/kill").status()).isEqualTo(204);
            assertThat(new String(wait.readChunk(), StandardCharsets.UTF_8)).isEqualTo("{\"StatusCode\":137}\n");
            assertThat(attach.readToEnd()).isEmpty();
        }
    }
}
