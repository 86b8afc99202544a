package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.daemon.ShoaldUnderTest.Result;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Interactive containers with the real docker CLI against a real shoald: stdin piped into {@code run -i}, {@code exec
 * -i} and {@code start -ai}; terminals for {@code run -it} and {@code exec -it}, the CLI given a terminal by script(1)
 * (util-linux), its input typed from a file; resize; logs of a TTY container; attach and detach. Runs as root through
 * scripts/in-netns.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineCliInteractiveE2eTest {
    private static final String IMAGE = ShoaldUnderTest.IMAGE;

    @RegisterExtension
    static final ShoaldUnderTest shoald = ShoaldUnderTest.perClass();

    @Test
    void runReadsPipedStdinUntilItsEnd() throws Exception {
        Result cat = shoald.shell("hi\n", "\"$DOCKER\" run -i --rm " + IMAGE + " cat");
        assertThat(cat.exit()).as(cat.toString()).isZero();
        assertThat(cat.out()).isEqualTo("hi\n");

        // The container sees EOF (wc ends) and its exit code comes back.
        Result count = shoald.shell("a\nb\nc\n", "\"$DOCKER\" run -i --rm " + IMAGE + " sh -c 'wc -l; exit 3'");
        assertThat(count.exit()).as(count.toString()).isEqualTo(3);
        assertThat(count.out().trim()).isEqualTo("3");
        assertThat(shoald.ok("ps", "-aq")).isEmpty();
    }

    @Test
    void execAndStartReadPipedStdin() throws Exception {
        shoald.ok("run", "-d", "--name", "sink", IMAGE, "sleep", "600");
        try {
            Result exec = shoald.shell("via-exec\n", "\"$DOCKER\" exec -i sink cat");
            assertThat(exec.exit()).as(exec.toString()).isZero();
            assertThat(exec.out()).isEqualTo("via-exec\n");
            Result stored = shoald.shell("kept\n", "\"$DOCKER\" exec -i sink sh -c 'cat > /tmp/in; exit 4'");
            assertThat(stored.exit()).as(stored.toString()).isEqualTo(4);
            assertThat(shoald.ok("exec", "sink", "cat", "/tmp/in")).isEqualTo("kept");
        } finally {
            shoald.docker("rm", "-f", "sink");
        }

        shoald.ok("create", "-i", "--name", "again", IMAGE, "cat");
        try {
            assertThat(shoald.ok("inspect", "again", "--format", "{{.Config.OpenStdin}} {{.Config.StdinOnce}}"))
                    .isEqualTo("true true");
            Result started = shoald.shell("once more\n", "\"$DOCKER\" start -ai again");
            assertThat(started.exit()).as(started.toString()).isZero();
            assertThat(started.out()).isEqualTo("once more\n");
            assertThat(shoald.ok("inspect", "again", "--format", "{{.State.Status}} {{.State.ExitCode}}"))
                    .isEqualTo("exited 0");
        } finally {
            shoald.docker("rm", "-f", "again");
        }
    }

    @Test
    void runWithATerminalRunsAShell() throws Exception {
        Result shell = shoald.shell(
                "echo $((6*7)); tty; exit 5\n", "script -qec \"$DOCKER run -it --rm " + IMAGE + " sh\" /dev/null");
        assertThat(shell.exit()).as(shell.toString()).isEqualTo(5);
        // The typed line is echoed as typed; only the shell prints the product, and its stdin is a terminal.
        assertThat(shell.out()).contains("42\r\n").contains("/dev/pts/");
        assertThat(shoald.ok("ps", "-aq")).isEmpty();
    }

    @Test
    void execWithATerminalGetsTheClientsSize() throws Exception {
        shoald.ok("run", "-d", "--name", "box", IMAGE, "sleep", "600");
        try {
            // script's terminal is set to 33x77; the CLI sends that size (ConsoleSize at create, then a resize).
            Result exec = shoald.shell(
                    "stty size; exit 6\n", "script -qec 'stty rows 33 cols 77; \"$DOCKER\" exec -it box sh' /dev/null");
            assertThat(exec.exit()).as(exec.toString()).isEqualTo(6);
            assertThat(exec.out()).contains("33 77\r\n");
        } finally {
            shoald.docker("rm", "-f", "box");
        }
    }

    @Test
    void aDetachedTerminalContainerIsResizedLoggedAttachedAndDetached() throws Exception {
        shoald.ok("run", "-dit", "--name", "term", IMAGE, "sh");
        try {
            assertThat(shoald.ok(
                            "inspect",
                            "term",
                            "--format",
                            "{{.Config.Tty}} {{.Config.OpenStdin}} {{.Config.StdinOnce}} {{.Config.AttachStdin}}"))
                    .isEqualTo("true true false false");
            Result resize = shoald.shell(
                    "",
                    "curl -s -o /dev/null -w '%{http_code}' --unix-socket " + shoald.socket()
                            + " -X POST 'http://docker/containers/term/resize?h=40&w=100'");
            assertThat(resize.out()).isEqualTo("200");
            assertThat(shoald.ok("exec", "term", "stty", "size", "-F", "/dev/console"))
                    .isEqualTo("40 100");

            // The shell's banner went to the terminal: the log is the raw terminal output (CR LF line ends), not
            // multiplexed frames, all of it on stdout.
            Result logs = shoald.docker("logs", "term");
            assertThat(logs.out()).contains("BusyBox v").contains("\r\n").doesNotContain("\u0001\u0000\u0000\u0000");
            assertThat(logs.err()).isEmpty();

            // Attach, type a command, detach with ctrl-p ctrl-q: the container keeps running. The keys are typed
            // once the command has run, i.e. once the CLI holds the terminal in raw mode (before that, the terminal's
            // own flow control would take ctrl-q).
            Result detach = shoald.shell(
                    "",
                    "{ printf 'echo attached > /tmp/mark\\n'; for i in $(seq 100); do"
                            + " \"$DOCKER\" exec term cat /tmp/mark 2>/dev/null | grep -q attached && break; sleep 0.2;"
                            + " done; printf '\\020\\021'; } | script -qec '\"$DOCKER\" attach term' /dev/null");
            assertThat(shoald.ok("inspect", "term", "--format", "{{.State.Status}}"))
                    .as(detach.toString())
                    .isEqualTo("running");
            awaitFile("term", "/tmp/mark", "attached");

            // Attach again and end the shell: its exit code is the container's.
            Result last = shoald.shell("exit 9\n", "script -qec '\"$DOCKER\" attach term' /dev/null");
            assertThat(last.exit()).as(last.toString()).isEqualTo(9);
            assertThat(shoald.ok("inspect", "term", "--format", "{{.State.Status}} {{.State.ExitCode}}"))
                    .isEqualTo("exited 9");
        } finally {
            shoald.docker("rm", "-f", "term");
        }
    }

    /** Waits (a bounded number of tries) until {@code file} in the container holds {@code text}. */
    private void awaitFile(String container, String file, String text) throws Exception {
        String seen = "";
        for (int i = 0; i < 50; i++) {
            Result result = shoald.docker("exec", container, "cat", file);
            seen = result.text();
            if (result.exit() == 0 && seen.equals(text)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(seen).as("%s in %s", file, container).isEqualTo(text);
    }
}
