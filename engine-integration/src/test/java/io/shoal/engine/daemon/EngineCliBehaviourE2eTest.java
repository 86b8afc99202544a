package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Docker behaviours with the docker CLI against a real shoald: restart policies ({@code on-failure:N} gives up after N
 * restarts, {@code always} brings back a container whose process was killed from the host and a {@code docker stop}
 * ends it for good), a missing command in {@code exec} and {@code run} (runc's text, 127/126), and {@code docker
 * info}'s runtime lines. Runs as root through scripts/in-netns.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineCliBehaviourE2eTest {
    private static final String IMAGE = ShoaldUnderTest.IMAGE;

    @RegisterExtension
    static final ShoaldUnderTest shoald = ShoaldUnderTest.perClass();

    @Test
    void onFailureRestartsUpToItsCountAndKeepsTheLastExitCode() throws Exception {
        shoald.ok("run", "-d", "--name", "flaky", "--restart", "on-failure:2", IMAGE, "sh", "-c", "exit 3");
        try {
            String format = "{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}";
            awaitInspect("flaky", format, "exited 2 3");
            assertThat(shoald.ok(
                            "inspect",
                            "flaky",
                            "--format",
                            "{{.HostConfig.RestartPolicy.Name}}" + " {{.HostConfig.RestartPolicy.MaximumRetryCount}}"))
                    .isEqualTo("on-failure 2");
            Thread.sleep(500); // no further restart comes
            assertThat(shoald.ok("inspect", "flaky", "--format", format)).isEqualTo("exited 2 3");
        } finally {
            shoald.docker("rm", "-f", "flaky");
        }
    }

    @Test
    void alwaysRestartsAProcessKilledFromTheHostAndStopEndsItForGood() throws Exception {
        shoald.ok("network", "create", "again");
        shoald.ok("run", "-d", "--name", "keeper", "--network", "again", "--restart", "always", IMAGE, "sleep", "600");
        try {
            String pid = shoald.ok("inspect", "keeper", "--format", "{{.State.Pid}}");
            Process kill = new ProcessBuilder("kill", "-KILL", pid).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(kill.exitValue()).isZero();

            awaitInspect("keeper", "{{.State.Status}} {{.RestartCount}}", "running 1");
            assertThat(shoald.ok("inspect", "keeper", "--format", "{{.State.Pid}}"))
                    .isNotEqualTo(pid);
            // The sandbox was made again: the container is on its network and resolvable by name.
            shoald.ok("run", "--rm", "--network", "again", IMAGE, "ping", "-c", "1", "-W", "2", "keeper");

            shoald.ok("stop", "-t", "1", "keeper");
            assertThat(shoald.ok("inspect", "keeper", "--format", "{{.State.Status}} {{.State.Restarting}}"))
                    .isEqualTo("exited false");
            Thread.sleep(500);
            assertThat(shoald.ok("inspect", "keeper", "--format", "{{.State.Status}} {{.RestartCount}}"))
                    .isEqualTo("exited 1");
            assertThat(shoald.ok("ps", "-q")).isEmpty();
        } finally {
            shoald.docker("rm", "-f", "keeper");
            shoald.docker("network", "rm", "again");
        }
    }

    @Test
    void autoRemoveWithARestartPolicyIsRefused() throws Exception {
        assertThat(shoald.fails("create", "--rm", "--restart", "always", IMAGE, "true")
                        .err())
                .contains("conflicting options: cannot specify both --restart and --rm"); // the CLI's own check
        assertThat(shoald.fails("create", "--restart", "sometimes", IMAGE, "true")
                        .err())
                .contains("invalid restart policy");
    }

    @Test
    void aMissingCommandGivesRuncsTextAndDockersExitCodes() throws Exception {
        shoald.ok("run", "-d", "--name", "target", IMAGE, "sleep", "600");
        try {
            ShoaldUnderTest.Result missing = shoald.docker("exec", "target", "nosuch");
            assertThat(missing.exit()).as(missing.toString()).isEqualTo(127);
            assertThat(missing.text())
                    .contains("OCI runtime exec failed: exec failed: unable to start container process: exec:"
                            + " \"nosuch\": executable file not found in $PATH: unknown");
            ShoaldUnderTest.Result denied = shoald.docker("exec", "target", "/bin");
            assertThat(denied.exit()).as(denied.toString()).isEqualTo(126);
            assertThat(denied.text()).contains("permission denied");
            // The engine did not wait for output of processes that never ran (it used to wait 5 s per stream).
            assertThat(shoald.logText()).doesNotContain("has not reached EOF");

            ShoaldUnderTest.Result run = shoald.docker("run", "--name", "never", IMAGE, "nosuch");
            assertThat(run.exit()).as(run.toString()).isEqualTo(127);
            assertThat(run.err()).contains("executable file not found in $PATH");
            assertThat(shoald.ok("inspect", "never", "--format", "{{.State.Status}} {{.State.ExitCode}}"))
                    .isEqualTo("created 127");
        } finally {
            shoald.docker("rm", "-f", "target", "never");
        }
    }

    @Test
    void eventsReplaysWhatHappenedBetweenSinceAndUntil() throws Exception {
        long since = System.currentTimeMillis() / 1000 - 1;
        shoald.ok("network", "create", "evnet");
        shoald.ok("create", "--name", "evbox", "--network", "evnet", IMAGE, "true");
        shoald.ok("rm", "evbox");
        shoald.ok("network", "rm", "evnet");
        long until = System.currentTimeMillis() / 1000 + 1;

        String events = shoald.ok(
                "events",
                "--since",
                Long.toString(since),
                "--until",
                Long.toString(until),
                "--format",
                "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}");

        assertThat(events.lines())
                .containsSubsequence(
                        "network create evnet",
                        "container create evbox",
                        "container destroy evbox",
                        "network destroy evnet");
    }

    @Test
    void infoNamesTheContainerdAndRuncUnderTheEngine() throws Exception {
        String info = shoald.ok("info");
        assertThat(info).containsPattern("containerd version: \\S+").containsPattern("runc version: \\S+");
        // the CLI prints the runtimes in Go's map order, which is random
        assertThat(info)
                .containsPattern("Runtimes: (io\\.containerd\\.runc\\.v2 runc|runc io\\.containerd\\.runc\\.v2)\n");
        assertThat(info).contains("Default Runtime: runc");
        assertThat(info).contains("Logging Driver: json-file");
    }

    private void awaitInspect(String container, String format, String expected) throws Exception {
        String last = "";
        for (int i = 0; i < 200; i++) {
            last = shoald.docker("inspect", container, "--format", format).out().strip();
            if (last.equals(expected)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(container + ": '" + expected + "' never came; last '" + last + "'");
    }
}
