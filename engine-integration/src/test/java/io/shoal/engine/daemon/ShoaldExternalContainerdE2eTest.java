package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.containerd.BusyboxRootfs;
import io.shoal.engine.containerd.CgroupMounts;
import io.shoal.engine.daemon.ShoaldUnderTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * shoald with {@code --containerd SOCKET} (issue 11: "a flag points shoald at an existing one instead"; docs/engine.md):
 * a containerd the test starts itself, on a root, state and socket of its own, already running a container of another
 * containerd namespace ({@code foreign}, made with ctr). shoald runs containers, a user network and its DNS through
 * it (containerd namespace {@code shoal}, no private containerd); when that containerd is killed with SIGKILL (issue
 * 13) changes are answered 503, shoald waits for it without starting one, and once the test starts it again shoald
 * reconciles a container that died meanwhile; {@code ./shoal down} leaves that containerd running and the foreign
 * namespace's container as it was. Runs as root through scripts/in-netns.
 */
@Tag("e2e")
class ShoaldExternalContainerdE2eTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final String IMAGE = ShoaldUnderTest.IMAGE;
    private static final String FOREIGN = "foreign";

    private static Path dir;
    private static Path containerdDir;
    private static Path socket;
    private static Process containerd;
    private static ShoaldUnderTest shoald;

    @BeforeAll
    static void startContainerdThenShoald() throws Exception {
        Assumptions.assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0, "needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/containerd")), "containerd is not installed");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ctr")), "ctr is not installed");
        // Under scripts/in-netns this JVM's /sys has no cgroup hierarchies, which runc needs.
        CgroupMounts.ensure();
        dir = Files.createTempDirectory("shoald-external-containerd-");
        containerdDir = Files.createDirectories(dir.resolve("external-containerd"));
        socket = containerdDir.resolve("containerd.sock");
        Files.writeString(
                containerdDir.resolve("config.toml"),
                """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                disabled_plugins = ["io.containerd.grpc.v1.cri"]

                [grpc]
                  address = "%1$s/containerd.sock"

                [ttrpc]
                  address = "%1$s/containerd.sock.ttrpc"
                """
                        .formatted(containerdDir));
        startContainerd();
        Path rootfs = BusyboxRootfs.create(containerdDir.resolve("foreign-rootfs"));
        ctr(FOREIGN, "run", "-d", "--rootfs", rootfs.toString(), "f1", "/bin/busybox", "sleep", "3600");
        shoald = ShoaldUnderTest.startWithContainerd(dir.resolve("shoald"), socket);
    }

    @AfterAll
    static void stopAll() throws Exception {
        try {
            if (shoald != null) {
                shoald.close();
            }
        } finally {
            if (containerd != null && containerd.isAlive()) {
                ctrQuiet(FOREIGN, "tasks", "kill", "-s", "SIGKILL", "f1");
                ctrQuiet(FOREIGN, "tasks", "delete", "-f", "f1");
                ctrQuiet(FOREIGN, "containers", "delete", "f1");
            }
            if (containerd != null) {
                containerd.destroy();
                if (!containerd.waitFor(30, TimeUnit.SECONDS)) {
                    containerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            if (dir != null && ShoaldUnderTest.mountsUnder(dir).isEmpty()) {
                new ProcessBuilder("rm", "-rf", "--one-file-system", dir.toString())
                        .inheritIO()
                        .start()
                        .waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void shoaldRunsThroughAnExternalContainerdWaitsForItAndItsDownLeavesItRunning() throws Exception {
        assertThat(shoald.logText()).contains("at " + socket + " (not ours: left running at stop)");
        assertThat(shoald.containerd()).as("no private containerd").isEmpty();
        String foreignBefore = foreignTask();
        assertThat(foreignBefore).contains("RUNNING");

        shoald.ok("network", "create", "--subnet", "10.233.0.0/24", "enet");
        shoald.ok("run", "-d", "--name", "eweb", "--network", "enet", IMAGE, "httpd", "-f", "-p", "80", "-h", "/etc");
        shoald.ok("run", "-d", "--name", "eclient", "--network", "enet", IMAGE, "sleep", "3600");
        shoald.ok("run", "-d", "--name", "eshort", "--network", "enet", IMAGE, "sleep", "3600");
        String hostname = shoald.ok("exec", "eweb", "hostname");
        assertThat(shoald.ok("exec", "eclient", "nslookup", "eweb")).contains("10.233.0.");
        assertThat(shoald.ok(
                        "exec", "eclient", "sh", "-c", "printf 'GET /hostname HTTP/1.0\\r\\n\\r\\n' | nc -w 5 eweb 80"))
                .endsWith("\n" + hostname);
        String eweb = shoald.ok("inspect", "-f", "{{.Id}} {{.State.Pid}}", "eweb");
        String ewebId = eweb.substring(0, eweb.indexOf(' '));
        assertThat(ctr("shoal", "tasks", "ls"))
                .as("shoald's tasks in the external containerd")
                .contains(ewebId);

        // The external containerd killed: shoald cannot start it, answers 503 for changes, waits for it.
        String eshortPid = shoald.ok("inspect", "-f", "{{.State.Pid}}", "eshort");
        containerd.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        await(() -> shoald.logText().contains("containerd does not answer; waiting for it"), "shoald waiting");
        ProcessWaits.killHard(Long.parseLong(eshortPid)); // dies while containerd is away: nobody reports it
        Result late = shoald.fails("run", "-d", "--name", "late", "--network", "enet", IMAGE, "true");
        assertThat(late.err()).contains("containerd is unavailable and being reconnected");
        assertThat(shoald.containerd())
                .as("shoald started no containerd of its own")
                .isEmpty();
        startContainerd();
        await(() -> shoald.logText().contains("containerd answers again"), "shoald seeing containerd again");
        await(
                () -> shoald.docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "eshort")
                        .text()
                        .equals("exited 137"),
                "eshort reconciled as exited 137");
        assertThat(shoald.ok("inspect", "-f", "{{.Id}} {{.State.Pid}}", "eweb")).isEqualTo(eweb);
        assertThat(shoald.ok("run", "--rm", "--network", "enet", IMAGE, "nslookup", "eweb"))
                .contains("10.233.0.");
        shoald.ok("rm", "late");
        assertThat(foreignTask()).isEqualTo(foreignBefore);

        Result down = shoald.shoalDown(REPOSITORY);
        assertThat(down.exit()).as("./shoal down\n%s", down).isZero();
        assertThat(down.out()).contains("removing containers", "removing networks");
        assertThat(containerd.isAlive())
                .as("the external containerd after ./shoal down")
                .isTrue();
        assertThat(ctr(FOREIGN, "version")).contains("Server:");
        assertThat(foreignTask()).as("the foreign namespace's task").isEqualTo(foreignBefore);
        assertThat(ctr("shoal", "containers", "ls", "-q"))
                .as("shoald's containers")
                .isBlank();
    }

    private static void startContainerd() throws Exception {
        containerd = new ProcessBuilder(
                        "containerd",
                        "--config",
                        containerdDir.resolve("config.toml").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        containerdDir.resolve("containerd.log").toFile()))
                .start();
        await(() -> ctrQuiet("default", "version") == 0, "the external containerd answering");
    }

    /** {@code ctr tasks ls} of the foreign namespace: its task's id, pid and status. */
    private static String foreignTask() throws Exception {
        return ctr(FOREIGN, "tasks", "ls");
    }

    private static String ctr(String namespace, String... args) throws Exception {
        Result result = shoaldOrNull().run(ctrLine(namespace, args), Map.of());
        assertThat(result.exit())
                .as("ctr " + String.join(" ", args) + "\n" + result)
                .isZero();
        return result.out();
    }

    private static int ctrQuiet(String namespace, String... args) throws Exception {
        Process process = new ProcessBuilder(ctrLine(namespace, args))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    private static List<String> ctrLine(String namespace, String... args) {
        List<String> line = new ArrayList<>(List.of("ctr", "--address", socket.toString(), "-n", namespace));
        line.addAll(List.of(args));
        return line;
    }

    /** Before shoald runs, ctr's calls run through a plain process too. */
    private static Runner shoaldOrNull() {
        if (shoald != null) {
            return shoald::run;
        }
        return (command, env) -> {
            Process process = new ProcessBuilder(command).start();
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new Result(process.waitFor(), out, err);
        };
    }

    @FunctionalInterface
    private interface Runner {
        Result run(List<String> command, Map<String, String> env) throws Exception;
    }

    private static void await(ProcessWaits.Condition condition, String what) throws Exception {
        ProcessWaits.await(condition, what, shoald);
    }
}
