package io.shoal.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.api.RawHttp.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Interactive attach and exec on raw sockets: what the client sends after the 101 is the container's stdin, its
 * half-close the stdin's end; a TTY container's stream is raw; resize and the interactive inspect fields. The timeout
 * only keeps a broken server from hanging the build; no assertion depends on time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@SuppressWarnings("StringConcatToTextBlock") // wire text with CRLF line ends reads best as it goes out
class InteractiveStreamingTest {
    private static final String RAW_UPGRADED = "HTTP/1.1 101 UPGRADED\r\n"
            + "Content-Type: application/vnd.docker.raw-stream\r\n"
            + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n";

    @RegisterExtension
    final ApiFixture api = ApiFixture.overFakes();

    /** {@code docker run -it busybox cat} as the CLI creates it. */
    private void createInteractive(String name) throws IOException {
        Reply reply = api.call(
                "POST",
                "/containers/create?name=" + name,
                "{\"Image\":\"busybox\",\"Cmd\":[\"cat\"],\"AttachStdin\":true,\"AttachStdout\":true,"
                        + "\"AttachStderr\":true,\"Tty\":true,\"OpenStdin\":true,\"StdinOnce\":true}");
        assertThat(reply.status()).isEqualTo(201);
    }

    @Test
    void bytesAfterTheUpgradeAreStdinAndTheHalfCloseItsEnd() throws IOException {
        createInteractive("echo");
        try (RawHttp http = RawHttp.connect(api.socket)) {
            http.send(
                    "POST /v1.47/containers/echo/attach?stdin=1&stderr=1&stdout=1&stream=1&detachKeys=ctrl-a"
                            + " HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: text/plain\r\n\r\n");
            assertThat(new String(http.readBytes(RAW_UPGRADED.length()), StandardCharsets.US_ASCII))
                    .isEqualTo(RAW_UPGRADED);
            assertThat(api.call("POST", "/containers/echo/start").status()).isEqualTo(204);
            http.send("typed\n");
            http.shutdownOutput();

            // A TTY's stream is raw: no frame headers.
            assertThat(new String(http.readToEnd(), StandardCharsets.UTF_8)).isEqualTo("typed\n");
        }
        assertThat(api.containers.calls).contains("attach echo stdin=true detachKeys=ctrl-a");
    }

    @Test
    void stdinOfAContainerWithoutOpenStdinIsNotPassedOn() throws IOException {
        Reply created =
                api.call("POST", "/containers/create?name=plain", "{\"Image\":\"busybox\",\"Cmd\":[\"echo\",\"x\"]}");
        assertThat(created.status()).isEqualTo(201);
        try (RawHttp http = RawHttp.connect(api.socket)) {
            http.send("POST /v1.47/containers/plain/attach?stdin=1&stdout=1&stream=1 HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
            http.readBytes(RAW_UPGRADED.length()); // same length with the multiplexed type
        }
        assertThat(api.containers.calls).contains("attach plain stdin=false detachKeys=");
    }

    @Test
    void resizeReachesTheBackendAndBadSizesAre400() throws IOException {
        createInteractive("term");
        assertThat(api.call("POST", "/containers/term/resize?h=40&w=120").status())
                .isEqualTo(409);
        api.call("POST", "/containers/term/start");
        assertThat(api.call("POST", "/containers/term/resize?h=40&w=120").status())
                .isEqualTo(200);
        assertThat(api.containers.calls).contains("resize term 40x120");
        assertThat(api.call("POST", "/containers/term/resize?h=-1&w=120").status())
                .isEqualTo(400);
        assertThat(api.call("POST", "/containers/term/resize?h=40&w=70000").status())
                .isEqualTo(400);
        assertThat(api.call("POST", "/containers/ghost/resize?h=40&w=120").status())
                .isEqualTo(404);
        assertThat(api.call("POST", "/exec/nope/resize?h=40&w=120").status()).isEqualTo(404);

        Reply inspect = api.call("GET", "/containers/term/json");
        var config = ApiFixture.json(inspect).get("Config");
        assertThat(config.get("Tty").asBoolean()).isTrue();
        assertThat(config.get("OpenStdin").asBoolean()).isTrue();
        assertThat(config.get("StdinOnce").asBoolean()).isTrue();
        assertThat(config.get("AttachStdin").asBoolean()).isTrue();
    }

    @Test
    void anInteractiveExecTakesStdinAndShowsItsTtyInInspect() throws IOException {
        createInteractive("box");
        api.call("POST", "/containers/box/start");
        String execId = ApiFixture.json(api.call(
                        "POST",
                        "/containers/box/exec",
                        "{\"AttachStdin\":true,\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":true,"
                                + "\"ConsoleSize\":[33,77],\"Cmd\":[\"echo\",\"in\"]}"))
                .get("Id")
                .asText();
        var view = ApiFixture.json(api.call("GET", "/exec/" + execId + "/json"));
        assertThat(view.get("OpenStdin").asBoolean()).isTrue();
        assertThat(view.get("ProcessConfig").get("tty").asBoolean()).isTrue();
        String body = "{\"Detach\":false,\"Tty\":true}";
        try (RawHttp http = RawHttp.connect(api.socket)) {
            http.send("POST /v1.47/exec/" + execId + "/start HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                    + "Upgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                    + body);
            assertThat(new String(http.readBytes(RAW_UPGRADED.length()), StandardCharsets.US_ASCII))
                    .isEqualTo(RAW_UPGRADED);
            assertThat(new String(http.readToEnd(), StandardCharsets.UTF_8)).isEqualTo("in\n");
        }
        assertThat(api.containers.calls).contains("start exec stdin=true");
        assertThat(api.call("POST", "/exec/" + execId + "/resize?h=40&w=100").status())
                .isEqualTo(200);
    }
}
