package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * shoald's private containerd killed with SIGKILL while containers run on a user network: the containers keep running
 * and answering (DNS from the embedded resolver, HTTP), changes that need containerd are answered 503 with a message
 * saying it is being reconnected while reads go on, shoald starts containerd again by itself, and a container whose
 * process died while containerd was down is found exited (137) and cleaned up: endpoint, address and DNS records
 * gone. New runs work afterwards. Runs as root through scripts/in-netns.
 *
 * <p>To keep containerd away long enough to look at the engine meanwhile, the test first replaces the private
 * containerd's config.toml with a directory, so shoald's restarts fail (and are retried) until it puts it back.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerdRestartE2eTest {
    private static final String IMAGE = ShoaldUnderTest.IMAGE;
    private static final String BUSYBOX = "/bin/busybox";

    @RegisterExtension
    static final ShoaldUnderTest shoald = ShoaldUnderTest.perClass();

    @Test
    void containersOutliveAContainerdKilledAndShoaldReconnectsAndReconciles() throws Exception {
        shoald.ok("network", "create", "--subnet", "10.91.0.0/24", "app");
        shoald.ok(
                "run",
                "-d",
                "--name",
                "web",
                "--network",
                "app",
                "--ip",
                "10.91.0.10",
                IMAGE,
                "sh",
                "-c",
                "mkdir -p /www && echo hello > /www/index.html && exec httpd -f -p 80 -h /www");
        shoald.ok("run", "-d", "--name", "client", "--network", "app", IMAGE, "sleep", "600");
        shoald.ok("run", "-d", "--name", "short", "--network", "app", "--ip", "10.91.0.20", IMAGE, "sleep", "600");
        String webPid = shoald.ok("inspect", "web", "--format", "{{.State.Pid}}");
        String shortPid = shoald.ok("inspect", "short", "--format", "{{.State.Pid}}");
        String client = netns("client");
        String shortNetns = netns("short");
        assertThat(resolve(client, "short")).contains("10.91.0.20");

        Path config = shoald.dataRoot().resolve("containerd/config.toml");
        Path kept = config.resolveSibling("config.toml.kept");
        long containerd = containerdPid();
        Files.move(config, kept);
        Files.createDirectory(config); // shoald's restarts of containerd fail until the file is back
        try {
            ProcessWaits.killHard(containerd);
            await(
                    () -> !ProcessHandle.of(containerd)
                            .map(ProcessHandle::isAlive)
                            .orElse(false),
                    "containerd gone");
            ProcessWaits.killHard(Long.parseLong(shortPid)); // exits while containerd is away: nobody reports it

            // Changes that need containerd: 503 in Docker's shape, saying why; nothing half made.
            ShoaldUnderTest.Result run = shoald.fails("run", "-d", "--name", "late", "--network", "app", IMAGE, "true");
            assertThat(run.err()).contains("containerd is unavailable and being reconnected");
            assertThat(shoald.ok("inspect", "late", "--format", "{{.State.Status}}"))
                    .isEqualTo("created");
            assertThat(shoald.httpStatus("POST", "/containers/late/start", null))
                    .isEqualTo("503");
            // Reads go on; running containers answer DNS and HTTP.
            assertThat(shoald.ok("ps", "--format", "{{.Names}}").lines().toList())
                    .contains("web", "client");
            assertThat(shoald.ok("network", "ls", "--format", "{{.Name}}")
                            .lines()
                            .toList())
                    .contains("app");
            assertThat(resolve(client, "web")).contains("10.91.0.10");
            assertThat(inNetns(client, BUSYBOX, "wget", "-q", "-O", "-", "http://10.91.0.10/")
                            .out())
                    .isEqualTo("hello\n");
            assertThat(shoald.logText()).contains("containerd (pid " + containerd + ") exited; starting it again");
        } finally {
            Files.delete(config);
            Files.move(kept, config);
        }

        // shoald starts containerd again by itself, reconnects, and reconciles the task that exited meanwhile.
        await(
                () -> shoald.docker("inspect", "short", "--format", "{{.State.Status}} {{.State.ExitCode}}")
                        .text()
                        .equals("exited 137"),
                "short reconciled as exited 137");
        assertThat(containerdPid()).isNotEqualTo(containerd);
        shoald.ok("rm", "late");
        assertThat(shoald.logText()).contains("containerd started again");
        assertThat(Files.exists(Path.of("/run/netns", shortNetns))).isFalse();
        assertThat(shoald.ok("network", "inspect", "app", "--format", "{{range .Containers}}{{.Name}} {{end}}"))
                .doesNotContain("short")
                .contains("web", "client");
        assertThat(resolve(client, "short")).doesNotContain("10.91.0.20");
        // The others never stopped: same process, still answering.
        assertThat(shoald.ok("inspect", "web", "--format", "{{.State.Status}} {{.State.Pid}}"))
                .isEqualTo("running " + webPid);
        assertThat(resolve(client, "web")).contains("10.91.0.10");
        // New work goes through the new containerd; the freed address can be taken again.
        assertThat(shoald.ok(
                        "run",
                        "--rm",
                        "--network",
                        "app",
                        "--ip",
                        "10.91.0.20",
                        IMAGE,
                        "wget",
                        "-q",
                        "-O",
                        "-",
                        "http://web/"))
                .isEqualTo("hello");
        shoald.ok("start", "short");
        assertThat(shoald.ok("inspect", "short", "--format", "{{.State.Status}}"))
                .isEqualTo("running");
    }

    private static String netns(String container) throws Exception {
        String key = shoald.ok("inspect", container, "--format", "{{.NetworkSettings.SandboxKey}}");
        return Path.of(key).getFileName().toString();
    }

    /** What busybox's nslookup of {@code name} says inside {@code netns}, asking the embedded resolver. */
    private static String resolve(String netns, String name) throws Exception {
        ShoaldUnderTest.Result result = inNetns(netns, BUSYBOX, "nslookup", name, "127.0.0.11");
        return result.out() + result.err();
    }

    private static ShoaldUnderTest.Result inNetns(String netns, String... command) throws Exception {
        List<String> line = new java.util.ArrayList<>(List.of("ip", "netns", "exec", netns));
        line.addAll(List.of(command));
        return shoald.run(line, Map.of());
    }

    /** The private containerd's pid: the process started with the data root's config. */
    private static long containerdPid() {
        String config = shoald.dataRoot().resolve("containerd/config.toml").toString();
        List<Long> pids = ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .arguments()
                        .map(args -> List.of(args).contains(config))
                        .orElse(false))
                .map(ProcessHandle::pid)
                .toList();
        assertThat(pids).as("containerd processes on " + config).hasSize(1);
        return pids.get(0);
    }

    private static void await(ProcessWaits.Condition condition, String what) throws Exception {
        ProcessWaits.await(condition, what, shoald);
    }
}
