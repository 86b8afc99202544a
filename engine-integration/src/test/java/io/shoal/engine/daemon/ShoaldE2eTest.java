package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.containerd.DataRoot;
import io.shoal.engine.containerd.PrivateContainerd;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * shoald as a process of its own, as {@code ./shoal up} runs it, on a temporary data root with a private containerd:
 * start-up order, the pid file, {@code HEAD /_ping} on its socket, the real docker CLI's {@code docker version}, a
 * second shoald refused on the same data root, then SIGTERM and nothing left behind (no process naming the data root,
 * no mount under it, no socket, no pid file). Runs as root through {@code scripts/in-netns}.
 */
@Tag("e2e")
class ShoaldE2eTest {
    private static final Path DOCKER = Path.of("/usr/local/bin/docker");
    private static final long START_BOUND_SECONDS = 90;

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void runOnlyInTheTestNamespace() throws IOException {
        // This shoald makes its predefined bridge and nftables table in the namespace the JVM runs in: never the
        // host's.
        ShoaldUnderTest.requireOnlyLoopback();
    }

    @AfterEach
    void killWhatIsLeft() throws Exception {
        for (Process process : started) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        // A containerd a failed run may have left: only ever the one whose command line names this test's data root.
        for (ProcessHandle process : processesNaming(dir.toString())) {
            process.destroyForcibly();
        }
        // Its shoald stopped on SIGTERM keeps shoal0 and its table, as dockerd keeps docker0: the next class needs a
        // namespace with lo only.
        ShoaldUnderTest.removeWhatAStoppedShoaldKeeps();
    }

    @Test
    void startsInOrderServesTheApiAndStopsLeavingNothing() throws Exception {
        Assumptions.assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0, "needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/containerd")), "containerd is not installed");
        Path root = dir.resolve("root");
        Path socket = dir.resolve("shoal.sock");
        Path log = dir.resolve("shoald.log");

        Process shoald = shoald(log, "--data-root", root.toString(), "--host", "unix://" + socket);
        String startLog = awaitLine(shoald, log, "shoald ready");

        assertThat(startLog)
                .containsSubsequence(
                        "shoald: data root: " + root,
                        "shoald: embedded DNS: ",
                        "shoald: early DNS from side files: 0 read, 0 endpoints published, 0 container resolvers",
                        "shoald: store: ",
                        "shoald: early DNS: 0 endpoints published, 0 container resolvers attached",
                        "shoald: IPAM: ",
                        "shoald: drivers: bridge, macvlan",
                        "shoald: containerd: private ",
                        "shoald: networks: restored, predefined bridge",
                        "shoald: images: restored",
                        "shoald: containers: restored and reconciled",
                        "shoald: API: listening on unix://" + socket + " (mode 0660, group root)",
                        "shoald: shoald ready");
        assertThat(Files.readString(root.resolve("shoald.pid")).trim()).isEqualTo(Long.toString(shoald.pid()));
        assertThat(ping(socket)).startsWith("HTTP/1.1 200 OK").contains("Api-Version: 1.47");
        assertThat(processesNaming(root.resolve("containerd").toString())).isNotEmpty();

        if (Files.isExecutable(DOCKER)) {
            Process version = new ProcessBuilder(
                            DOCKER.toString(), "-H", "unix://" + socket, "version", "--format", "{{.Server.Os}}")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(version.exitValue()).as(out).isZero();
            assertThat(out.strip()).isEqualTo("linux");
        }

        Path secondLog = dir.resolve("second.log");
        Process second = shoald(secondLog, "--data-root", root.toString(), "--host", "unix://" + dir.resolve("2.sock"));
        assertThat(second.waitFor(START_BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isEqualTo(1);
        assertThat(Files.readString(secondLog)).contains("another shoald (pid " + shoald.pid() + ")");
        assertThat(Files.readString(root.resolve("shoald.pid")).trim()).isEqualTo(Long.toString(shoald.pid()));

        shoald.destroy(); // SIGTERM
        assertThat(shoald.waitFor(START_BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
        String all = Files.readString(log);
        assertThat(shoald.exitValue()).as(all).isEqualTo(143);
        assertThat(all)
                .containsSubsequence(
                        "shoald: shoald stopping",
                        "shoald: stop: API server on " + socket + " closed",
                        "shoald: stop: private containerd left running (pid ",
                        "shoald: stop: store closed",
                        "shoald: stop: embedded DNS stopped",
                        "shoald: stop: pid file removed",
                        "shoald: shoald stopped")
                .doesNotContain("FAILED");
        assertThat(socket).doesNotExist();
        assertThat(root.resolve("shoald.pid")).doesNotExist();

        // The private containerd outlives shoald (the containers with it), and the next shoald adopts it.
        List<ProcessHandle> containerd =
                processesWithArgument(root.resolve("containerd/config.toml").toString());
        assertThat(containerd).as(all).hasSize(1);
        Path againLog = dir.resolve("again.log");
        Process again = shoald(againLog, "--data-root", root.toString(), "--host", "unix://" + socket);
        assertThat(awaitLine(again, againLog, "shoald ready"))
                .contains("shoald: containerd: private ")
                .contains(", pid " + containerd.get(0).pid() + " (adopted: left running by an earlier shoald)");
        assertThat(ping(socket)).startsWith("HTTP/1.1 200 OK");
        again.destroy();
        assertThat(again.waitFor(START_BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(containerd.get(0).isAlive()).isTrue();

        // What ./shoal down does last: stop it. Then nothing is left.
        containerd.get(0).destroy();
        containerd.get(0).onExit().get(30, TimeUnit.SECONDS);
        assertThat(processesNaming(root.toString())).isEmpty();
        assertThat(mountsUnder(root)).isEmpty();
    }

    private static List<ProcessHandle> processesWithArgument(String argument) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .arguments()
                        .map(args -> List.of(args).contains(argument))
                        .orElse(false))
                .toList();
    }

    @Test
    void withAnExistingContainerdItConnectsAndLeavesThatContainerdRunning() throws Exception {
        Assumptions.assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0, "needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/containerd")), "containerd is not installed");
        try (PrivateContainerd existing =
                PrivateContainerd.start("containerd", new DataRoot(dir.resolve("other")), Duration.ofSeconds(60))) {
            Path root = dir.resolve("root");
            Path socket = dir.resolve("shoal.sock");
            Path log = dir.resolve("shoald.log");

            Process shoald = shoald(
                    log,
                    "--data-root",
                    root.toString(),
                    "--host",
                    socket.toString(),
                    "--containerd",
                    "unix://" + existing.socket());
            String startLog = awaitLine(shoald, log, "shoald ready");
            assertThat(startLog).contains("shoald: containerd: ").contains(" at " + existing.socket());
            assertThat(ping(socket)).startsWith("HTTP/1.1 200 OK");
            assertThat(root.resolve("containerd")).doesNotExist();

            shoald.destroy();
            assertThat(shoald.waitFor(START_BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(log))
                    .contains("shoald: stop: containerd client closed", "shoald: shoald stopped")
                    .doesNotContain("private containerd stopped");
            assertThat(existing.isAlive()).isTrue();
        }
    }

    @Test
    void aStepThatFailsStopsWhatWasStartedAndExitsOne() throws Exception {
        Assumptions.assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0, "needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/containerd")), "containerd is not installed");
        Path root = dir.resolve("root");
        Path log = dir.resolve("shoald.log");

        // The group is looked up at the last step, after containerd started.
        Process shoald = shoald(
                log,
                "--data-root",
                root.toString(),
                "--host",
                dir.resolve("shoal.sock").toString(),
                "--group",
                "no-such-group-shoal");
        assertThat(shoald.waitFor(START_BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
        String all = Files.readString(log);

        assertThat(shoald.exitValue()).as(all).isEqualTo(1);
        assertThat(all)
                .containsSubsequence(
                        "shoald: containerd: private ",
                        "shoald failed to start: --group no-such-group-shoal: no such group",
                        "shoald: stop: private containerd stopped",
                        "shoald: stop: pid file removed",
                        "shoald: shoald stopped");
        assertThat(root.resolve("shoald.pid")).doesNotExist();
        assertThat(processesNaming(root.toString())).isEmpty();
        assertThat(mountsUnder(root)).isEmpty();
    }

    private Process shoald(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Shoald.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        started.add(process);
        return process;
    }

    /** The log once it holds {@code line}; fails with the log if the process ends first or the bound passes. */
    private static String awaitLine(Process process, Path log, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_BOUND_SECONDS);
        while (true) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains(line)) {
                return text;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError(
                        "shoald did not log '" + line + "' (alive: " + process.isAlive() + "):\n" + text);
            }
            Thread.sleep(100);
        }
    }

    /** {@code HEAD /_ping} over the unix socket, as {@code ./shoal up} asks with curl; the raw response head. */
    private static String ping(Path socket) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("HEAD /_ping HTTP/1.1\r\nHost: shoal\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) >= 0) {
                if (!buffer.hasRemaining()) {
                    break;
                }
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
        }
    }

    private static List<ProcessHandle> processesNaming(String text) {
        return ProcessHandle.allProcesses()
                .filter(p ->
                        p.info().commandLine().map(line -> line.contains(text)).orElse(false))
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .toList();
    }

    private static List<String> mountsUnder(Path root) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(line -> line.split(" ", -1)[4])
                .filter(point -> point.startsWith(root.toString()))
                .toList();
    }
}
