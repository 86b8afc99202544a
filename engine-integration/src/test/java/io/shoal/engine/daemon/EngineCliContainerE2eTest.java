package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.daemon.ShoaldUnderTest.Result;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The container commands of the docker CLI against a real shoald: run attached and detached, the life cycle, ps,
 * inspect, logs, wait, port, exec, images, and published ports reached from the test namespace (shoald's host).
 * Runs as root through scripts/in-netns.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineCliContainerE2eTest {
    private static final String IMAGE = ShoaldUnderTest.IMAGE;

    @RegisterExtension
    static final ShoaldUnderTest shoald = ShoaldUnderTest.perClass();

    @Test
    void runAttachedSeparatesStreamsAndReturnsTheExitCode() throws Exception {
        Result result = shoald.docker("run", "--rm", IMAGE, "sh", "-c", "echo to-out; echo to-err >&2; exit 7");
        assertThat(result.exit()).as(result.toString()).isEqualTo(7);
        assertThat(result.out()).isEqualTo("to-out\n");
        assertThat(result.err()).isEqualTo("to-err\n");
        assertThat(shoald.ok("run", "--rm", IMAGE, "echo", "hello")).isEqualTo("hello");
        assertThat(shoald.ok("ps", "-aq")).isEmpty();
    }

    @Test
    void lifeCycleKeepsNetworksAcrossRestart() throws Exception {
        shoald.ok("network", "create", "life");
        try {
            String id = shoald.ok("create", "--name", "life-c", "--network", "life", IMAGE, "sleep", "600");
            assertThat(id).matches("[0-9a-f]{64}");
            assertThat(shoald.ok("inspect", "life-c", "--format", "{{.State.Status}}"))
                    .isEqualTo("created");
            assertThat(shoald.ok("ps", "-q")).doesNotContain(id.substring(0, 12));
            assertThat(shoald.ok("ps", "-aq")).contains(id.substring(0, 12));

            assertThat(shoald.ok("start", "life-c")).isEqualTo("life-c");
            assertThat(shoald.ok("inspect", "life-c", "--format", "{{.State.Status}} {{.State.Running}}"))
                    .isEqualTo("running true");
            assertThat(shoald.ok("inspect", "life-c", "--format", "{{.State.Pid}}"))
                    .matches("[1-9][0-9]*");
            String address = shoald.ok("inspect", "life-c", "--format", "{{.NetworkSettings.Networks.life.IPAddress}}");
            assertThat(address).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
            assertThat(shoald.ok("ps", "--filter", "name=life-c", "--format", "{{.Names}} {{.Status}}"))
                    .startsWith("life-c Up");
            assertThat(shoald.ok("ps", "--filter", "status=running", "-q")).contains(id.substring(0, 12));

            assertThat(shoald.ok("restart", "-t", "1", "life-c")).isEqualTo("life-c");
            assertThat(shoald.ok("inspect", "life-c", "--format", "{{.State.Status}}"))
                    .isEqualTo("running");
            // Shoal's IPAM does not hand a just-released address straight back (docs/ipam.md): the address may
            // change; whichever it is, it is on eth0 and reached by address and by name.
            String after = shoald.ok("inspect", "life-c", "--format", "{{.NetworkSettings.Networks.life.IPAddress}}");
            assertThat(after).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
            assertThat(shoald.ok("exec", "life-c", "ip", "-4", "addr", "show", "eth0"))
                    .contains(after + "/");
            shoald.ok("run", "--rm", "--network", "life", IMAGE, "ping", "-c", "1", "-W", "2", after);
            shoald.ok("run", "--rm", "--network", "life", IMAGE, "ping", "-c", "1", "-W", "2", "life-c");

            assertThat(shoald.ok("stop", "-t", "1", "life-c")).isEqualTo("life-c");
            assertThat(shoald.ok("inspect", "life-c", "--format", "{{.State.Status}} {{.State.ExitCode}}"))
                    .isEqualTo("exited 137");
            assertThat(shoald.ok("ps", "-a", "--filter", "status=exited", "--format", "{{.Names}}"))
                    .contains("life-c");
            assertThat(shoald.ok("start", "life-c")).isEqualTo("life-c");
            assertThat(shoald.ok("kill", "life-c")).isEqualTo("life-c");
            assertThat(shoald.ok("wait", "life-c")).isEqualTo("137");

            Result refused = shoald.docker("rm", "life-c");
            assertThat(refused.exit()).as(refused.toString()).isZero(); // a stopped container is removed
            assertThat(shoald.fails("inspect", "--type", "container", "life-c").err())
                    .contains("No such container: life-c");
        } finally {
            shoald.docker("rm", "-f", "life-c");
            shoald.docker("network", "rm", "life");
        }
    }

    @Test
    void detachedLogsWaitExecAndRm() throws Exception {
        String id = shoald.ok(
                "run", "-d", "--name", "logger", IMAGE, "sh", "-c", "echo first; echo err-line >&2; sleep 600");
        try {
            assertThat(id).matches("[0-9a-f]{64}");
            awaitLogs("logger", "first");
            Result logs = shoald.docker("logs", "logger");
            assertThat(logs.out()).isEqualTo("first\n");
            assertThat(logs.err()).isEqualTo("err-line\n");

            Result exec = shoald.docker("exec", "logger", "sh", "-c", "echo in-exec; exit 5");
            assertThat(exec.exit()).isEqualTo(5);
            assertThat(exec.out()).isEqualTo("in-exec\n");
            assertThat(shoald.ok(
                            "exec", "-e", "GREETING=hi", "-w", "/tmp", "logger", "sh", "-c", "echo $GREETING $(pwd)"))
                    .isEqualTo("hi /tmp");
            shoald.ok("exec", "-d", "logger", "sh", "-c", "echo detached > /tmp/marker");
            awaitExec("logger", "cat /tmp/marker", "detached");

            assertThat(shoald.ok("inspect", "logger", "--format", "{{.NetworkSettings.Networks.bridge.IPAddress}}"))
                    .startsWith("172.17.");
            Result refused = shoald.fails("rm", "logger");
            assertThat(refused.err()).contains("stop the container before removing or force remove");
            assertThat(shoald.ok("rm", "-f", "logger")).isEqualTo("logger");
            assertThat(shoald.ok("ps", "-aq")).isEmpty();
        } finally {
            shoald.docker("rm", "-f", "logger");
        }
    }

    @Test
    void detachedWithRmIsRemovedAfterItsExitAndPsFilters() throws Exception {
        shoald.ok("run", "-d", "--rm", "--name", "brief", IMAGE, "sh", "-c", "sleep 0.5; exit 3");
        shoald.ok("run", "-d", "--name", "labelled", "--label", "role=probe", IMAGE, "sleep", "600");
        try {
            assertThat(shoald.ok("ps", "--filter", "label=role=probe", "--format", "{{.Names}}"))
                    .isEqualTo("labelled");
            assertThat(shoald.ok("ps", "--filter", "network=bridge", "--format", "{{.Names}}")
                            .lines())
                    .contains("labelled");
            assertThat(shoald.ok("ps", "--filter", "ancestor=busybox", "--format", "{{.Names}}")
                            .lines())
                    .contains("labelled");
            for (int i = 0;
                    i < 100 && !shoald.ok("ps", "-aq", "--filter", "name=brief").isEmpty();
                    i++) {
                Thread.sleep(100);
            }
            assertThat(shoald.ok("ps", "-aq", "--filter", "name=brief")).isEmpty();
        } finally {
            shoald.docker("rm", "-f", "brief", "labelled");
        }
    }

    @Test
    void lifeCycleEdgesAnswerAsDocker() throws Exception {
        Result missing = shoald.docker("run", "--rm", IMAGE, "no-such-command");
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(127);
        assertThat(missing.err()).contains("no-such-command");

        shoald.ok("run", "-d", "--name", "edges", IMAGE, "sleep", "600");
        try {
            Result execMissing = shoald.docker("exec", "edges", "no-such-command");
            // As Docker 28: runc's text on the exec's stdout, 127 for a command not found.
            assertThat(execMissing.exit()).as(execMissing.toString()).isEqualTo(127);
            assertThat(execMissing.out()).contains("executable file not found in $PATH");
            assertThat(shoald.ok("start", "edges")).isEqualTo("edges");
            assertThat(shoald.ok("stop", "-t", "0", "edges")).isEqualTo("edges");
            assertThat(shoald.ok("stop", "edges")).isEqualTo("edges");
            Result kill = shoald.fails("kill", "edges");
            assertThat(kill.err()).contains("is not running");
            Result exec = shoald.fails("exec", "edges", "true");
            assertThat(exec.err()).contains("is not running");
            // A stopped container taken off its only network starts with lo only.
            shoald.ok("network", "disconnect", "bridge", "edges");
            assertThat(shoald.fails("network", "disconnect", "bridge", "edges").err())
                    .contains("is not connected to network bridge");
            shoald.ok("start", "edges");
            assertThat(shoald.ok("exec", "edges", "ip", "-o", "link").lines())
                    .hasSize(1)
                    .allMatch(line -> line.contains(" lo:"));
        } finally {
            shoald.docker("rm", "-f", "edges");
        }
        assertThat(shoald.fails("rm", "edges").err()).contains("No such container: edges");
    }

    @Test
    void followedLogsAndWaitSeeTheEnd() throws Exception {
        shoald.ok(
                "run",
                "-d",
                "--name",
                "ticker",
                IMAGE,
                "sh",
                "-c",
                "for i in 1 2 3; do echo tick$i; sleep 0.3; done; exit 4");
        try {
            Result follow = shoald.docker("logs", "-f", "ticker");
            assertThat(follow.exit()).isZero();
            assertThat(follow.out()).isEqualTo("tick1\ntick2\ntick3\n");
            assertThat(shoald.ok("wait", "ticker")).isEqualTo("4");
            assertThat(shoald.ok("logs", "--tail", "1", "ticker")).isEqualTo("tick3");
            assertThat(shoald.ok("inspect", "ticker", "--format", "{{.State.Status}} {{.State.ExitCode}}"))
                    .isEqualTo("exited 4");
        } finally {
            shoald.docker("rm", "-f", "ticker");
        }
    }

    @Test
    void logsWithTimestamps() throws Exception {
        shoald.ok("run", "-d", "--name", "stamped", IMAGE, "sh", "-c", "for i in 1 2 3; do echo tick$i; done");
        try {
            shoald.ok("wait", "stamped");
            assertThat(shoald.ok("logs", "-t", "stamped").lines())
                    .hasSize(3)
                    .allMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z tick\\d"));
            // The CLI turns durations and dates into Unix times; the engine filters by each line's time.
            assertThat(shoald.ok("logs", "--since", "10m", "stamped").lines())
                    .containsExactly("tick1", "tick2", "tick3");
            assertThat(shoald.ok("logs", "--until", "2000-01-01T00:00:00Z", "stamped"))
                    .isEmpty();
            assertThat(shoald.ok("logs", "--since", "2100-01-01", "stamped")).isEmpty();
            assertThat(shoald.ok("logs", "--tail", "2", "-t", "stamped").lines())
                    .hasSize(2);
        } finally {
            shoald.docker("rm", "-f", "stamped");
        }
    }

    @Test
    void publishedPortsServeFromTheHost() throws Exception {
        String id = shoald.ok(
                "run",
                "-d",
                "--name",
                "web",
                "-p",
                "127.0.0.1:18080:80",
                "-p",
                "18081:80",
                IMAGE,
                "sh",
                "-c",
                "mkdir -p /www && echo served-by-busybox > /www/index.html && httpd -f -p 80 -h /www");
        try {
            assertThat(id).matches("[0-9a-f]{64}");
            assertThat(shoald.ok("port", "web").lines())
                    .contains("80/tcp -> 127.0.0.1:18080", "80/tcp -> 0.0.0.0:18081");
            assertThat(shoald.ok("ps", "--filter", "name=web", "--format", "{{.Ports}}"))
                    .contains("127.0.0.1:18080->80/tcp", "0.0.0.0:18081->80/tcp");
            String gateway =
                    shoald.ok("network", "inspect", "bridge", "--format", "{{(index .IPAM.Config 0).Gateway}}");
            assertThat(httpGet("127.0.0.1", 18080)).contains("200 OK").endsWith("served-by-busybox\n");
            assertThat(httpGet("127.0.0.1", 18081)).contains("200 OK").endsWith("served-by-busybox\n");
            assertThat(httpGet(gateway, 18081)).contains("200 OK").endsWith("served-by-busybox\n");
            assertThat(connects(gateway, 18080))
                    .as("a port bound to 127.0.0.1 only is not reached on the gateway address")
                    .isFalse();
            assertThat(shoald.ok("port", "web", "80/tcp").lines())
                    .containsExactlyInAnyOrder("127.0.0.1:18080", "0.0.0.0:18081");
            // From another container through the host's published port on the gateway address.
            assertThat(shoald.ok("run", "--rm", IMAGE, "wget", "-q", "-O", "-", "http://" + gateway + ":18081/"))
                    .isEqualTo("served-by-busybox");
            // A second container asking for a taken host port is refused with the holder named; web keeps serving.
            assertThat(shoald.fails("run", "-d", "--name", "web2", "-p", "18081:80", IMAGE, "sleep", "60")
                            .err())
                    .contains("driver failed programming external connectivity on endpoint web2")
                    .contains("18081")
                    .contains("held by container web");
            assertThat(shoald.ok("ps", "-a", "--filter", "name=^web2$", "--format", "{{.State}}"))
                    .as("as Docker's, the refused container stays created")
                    .isEqualTo("created");
            assertThat(httpGet("127.0.0.1", 18081)).contains("200 OK").endsWith("served-by-busybox\n");
        } finally {
            shoald.docker("rm", "-f", "web2");
            shoald.docker("rm", "-f", "web");
        }
        assertThat(connects("127.0.0.1", 18081)).isFalse();
    }

    @Test
    void importImagesAndRmi() throws Exception {
        assertThat(shoald.ok("images", "--format", "{{.Repository}}:{{.Tag}}").lines())
                .contains("busybox:latest");
        String id = shoald.ok("images", "-q", "--no-trunc", IMAGE);
        assertThat(id).matches("sha256:[0-9a-f]{64}");
        // As Docker's, an imported image's id covers its creation time: a second import is another image.
        String second = shoald.ok("import", shoald.dir().resolve("busybox.tar").toString(), "second:v1");
        assertThat(second).matches("sha256:[0-9a-f]{64}");
        assertThat(shoald.ok("images", "--format", "{{.Repository}}:{{.Tag}}").lines())
                .contains("busybox:latest", "second:v1");
        assertThat(shoald.ok("image", "inspect", "second:v1", "--format", "{{.Id}}"))
                .isEqualTo(second);
        assertThat(shoald.ok("rmi", "second:v1")).contains("Untagged: second:v1", "Deleted: " + second);
        assertThat(shoald.ok("images", "--format", "{{.Repository}}:{{.Tag}}").lines())
                .doesNotContain("second:v1")
                .contains("busybox:latest");
        assertThat(shoald.fails("rmi", "second:v1").err()).contains("No such image: second:v1");

        // By its short id, as people type it: an image with two tags needs -f, which removes both (Docker's rule).
        String third = shoald.ok("import", shoald.dir().resolve("busybox.tar").toString(), "third:v1");
        shoald.ok("tag", "third:v1", "third:v2");
        String shortId = third.substring("sha256:".length(), "sha256:".length() + 12);
        assertThat(shoald.fails("rmi", shortId).err())
                .contains("unable to delete " + shortId + " (must be forced) - image is referenced in multiple");
        assertThat(shoald.ok("images", "--format", "{{.Repository}}:{{.Tag}}").lines())
                .contains("third:v1", "third:v2");
        assertThat(shoald.ok("rmi", "-f", shortId))
                .contains("Untagged: third:v1", "Untagged: third:v2", "Deleted: " + third);
        assertThat(shoald.ok("images", "--format", "{{.Repository}}:{{.Tag}}").lines())
                .doesNotContain("third:v1", "third:v2")
                .contains("busybox:latest");
    }

    private void awaitLogs(String container, String text) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (shoald.docker("logs", container).out().contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in the logs of " + container);
    }

    private void awaitExec(String container, String script, String text) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (shoald.docker("exec", container, "sh", "-c", script).out().contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("'" + script + "' in " + container + " never printed '" + text + "'");
    }

    /** A plain HTTP/1.0 GET of {@code /} at host:port from the test namespace; the whole response. */
    static String httpGet(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream()
                    .write(("GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static boolean connects(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
