package io.shoal.engine.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.runtime.ContainerConfig;
import io.shoal.engine.runtime.ContainerRuntime;
import io.shoal.engine.runtime.ContainerRuntimeException;
import io.shoal.engine.runtime.ContainerRuntimeException.Kind;
import io.shoal.engine.runtime.ExecConfig;
import io.shoal.engine.runtime.ExitStatus;
import io.shoal.engine.runtime.Rootfs;
import io.shoal.engine.runtime.RuntimeEvents;
import io.shoal.engine.runtime.Stdio;
import io.shoal.engine.runtime.TaskExit;
import io.shoal.engine.runtime.TaskState;
import io.shoal.engine.runtime.TaskStatus;
import io.shoal.engine.runtime.oci.ContainerSpecBuilder;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.testing.NetnsExtension;
import io.shoal.netlink.testing.TestNamespaces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The containerd adapter against a real private containerd 1.6 + runc, started under a temporary data root inside the
 * test JVM's namespaces (run through scripts/in-netns as root), on a busybox rootfs.
 */
@Tag("e2e")
@ExtendWith(NetnsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerdE2eTest {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);
    private static final String CGROUP_PARENT =
            "shoaltest-" + ProcessHandle.current().pid();

    private Path base;
    private Path rootfs;
    private DataRoot layout;
    private PrivateContainerd containerd;
    private ContainerdRuntime runtime;
    private final Set<String> containers = new LinkedHashSet<>();
    private Set<String> shimSocketsBefore = Set.of();

    @BeforeAll
    void startContainerd() throws Exception {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")), "containerd and runc need root (run as root)");
        Assumptions.assumeTrue(onPath("containerd") && onPath("runc"), "containerd or runc is not installed");
        CgroupMounts.ensure();
        shimSocketsBefore = shimSockets();
        base = Files.createTempDirectory("shoal-ctrd-");
        rootfs = BusyboxRootfs.create(base.resolve("busybox"));
        layout = new DataRoot(base.resolve("data"));
        containerd = PrivateContainerd.start("containerd", layout, Duration.ofSeconds(20));
        runtime = ContainerdRuntime.connect(ContainerdSettings.forPrivate(containerd));
    }

    @AfterAll
    void cleanUp() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        if (containerd != null && !containerd.isAlive()) {
            // A test failed while containerd was down: bring it back, or its shims could not be told to clean up.
            try {
                containerd = PrivateContainerd.start("containerd", layout, Duration.ofSeconds(20));
            } catch (ContainerRuntimeException e) {
                failures.add(e);
            }
        }
        if (runtime != null) {
            for (String id : containers) {
                removeQuietly(id, failures);
            }
            runtime.close();
        }
        if (containerd != null) {
            containerd.stop(Duration.ofSeconds(5));
        }
        if (layout != null) {
            List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .filter(line -> line.contains(layout.directory().toString()))
                    .toList();
            if (!mounts.isEmpty()) {
                failures.add(new AssertionError("mounts left under the data root: " + mounts));
            }
            List<String> processes = processesMentioning(layout.directory().toString());
            if (!processes.isEmpty()) {
                failures.add(new AssertionError("processes left (shims?): " + processes));
            }
        }
        // Only this containerd's shims: /run/containerd/s is the machine's, and other engines' shims come and go.
        Set<String> leftSockets = new LinkedHashSet<>(shimSockets());
        leftSockets.removeAll(shimSocketsBefore);
        leftSockets.retainAll(shimSocketsOf(containers));
        if (!leftSockets.isEmpty()) {
            failures.add(new AssertionError("shim sockets left in /run/containerd/s: " + leftSockets));
        }
        for (Path hierarchy : CgroupMounts.hierarchies()) {
            Files.deleteIfExists(hierarchy.resolve(CGROUP_PARENT));
        }
        if (base != null) {
            deleteTree(base);
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("clean-up failed");
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    @Test
    void runsInTheGivenNetworkNamespaceWithSeparateOutputAndExitCode(NetworkNamespace sandbox) throws Exception {
        String link = TestNamespaces.linkName();
        try (NetlinkHandle handle = NetlinkHandle.openIn(sandbox)) {
            handle.linkAdd(LinkSpec.Veth.named(link, TestNamespaces.linkName()));
        }
        Path files = Files.createDirectories(base.resolve("files-net"));
        Path resolv = Files.writeString(files.resolve("resolv.conf"), "nameserver 127.0.0.11\noptions ndots:0\n");
        Path hosts = Files.writeString(files.resolve("hosts"), "127.0.0.1 localhost\n");
        Path hostname = Files.writeString(files.resolve("hostname"), "box1\n");
        String id = "net-" + shortId();
        String script = "echo out-line; echo err-line >&2; cat /proc/net/dev; hostname; cat /etc/resolv.conf; exit 3";
        create(
                id,
                ContainerSpecBuilder.forContainer(id, new Rootfs.Directory(rootfs))
                        .args(List.of("sh", "-c", script))
                        .hostname("box1")
                        .networkNamespace(sandbox.path())
                        .networkFiles(hosts, hostname, resolv, true));
        Path stdout = base.resolve(id + ".out");
        Path stderr = base.resolve(id + ".err");
        runtime.createTask(id, new Rootfs.Directory(rootfs), Stdio.toFiles(stdout, stderr));
        runtime.start(id);

        assertThat(runtime.waitForExit(id, EXIT_TIMEOUT).code()).isEqualTo(3);
        TaskState stopped = runtime.task(id);
        assertThat(stopped.status()).isEqualTo(TaskStatus.STOPPED);
        assertThat(stopped.exit().map(ExitStatus::code)).contains(3);
        assertThat(runtime.deleteTask(id).code()).isEqualTo(3);

        String out = Files.readString(stdout);
        assertThat(out)
                .contains("out-line", link, "box1", "nameserver 127.0.0.11")
                .doesNotContain("err-line");
        assertThat(Files.readString(stderr)).isEqualTo("err-line\n");
        runtime.deleteContainer(id);
        containers.remove(id);
    }

    @Test
    void overlayWritesGoToTheUpperDirectoryOnly() throws Exception {
        String id = "cow-" + shortId();
        Path upper = Files.createDirectories(base.resolve(id + "/upper"));
        Path work = Files.createDirectories(base.resolve(id + "/work"));
        Rootfs overlay = new Rootfs.Overlay(List.of(rootfs), upper, work);
        create(
                id,
                ContainerSpecBuilder.forContainer(id, overlay)
                        .args(List.of("sh", "-c", "echo written > /tmp/new-file; rm /bin/wget; cat /tmp/new-file")));
        Path stdout = base.resolve(id + ".out");
        runtime.createTask(id, overlay, new Stdio(java.util.Optional.of(stdout), java.util.Optional.empty()));
        runtime.start(id);
        assertThat(runtime.waitForExit(id, EXIT_TIMEOUT).code()).isZero();
        runtime.deleteTask(id);

        assertThat(Files.readString(stdout)).isEqualTo("written\n");
        assertThat(rootfs.resolve("tmp/new-file")).doesNotExist();
        assertThat(Files.isSymbolicLink(rootfs.resolve("bin/wget"))).isTrue();
        assertThat(upper.resolve("tmp/new-file")).hasContent("written");
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")))
                .as("the shim unmounted the overlay at task delete")
                .noneMatch(line -> line.contains("/" + id + "/rootfs"));
        runtime.deleteContainer(id);
        containers.remove(id);
    }

    @Test
    void execKillStatusAndDelete() throws Exception {
        String id = "sleeper-" + shortId();
        create(
                id,
                ContainerSpecBuilder.forContainer(id, new Rootfs.Directory(rootfs))
                        .args(List.of("sleep", "300")));
        assertThatThrownBy(() -> create(
                        id,
                        ContainerSpecBuilder.forContainer(id, new Rootfs.Directory(rootfs))
                                .args(List.of("true"))))
                .isInstanceOfSatisfying(ContainerRuntimeException.class, e -> assertThat(e.kind())
                        .isEqualTo(Kind.ALREADY_EXISTS));
        long pid = runtime.createTask(id, new Rootfs.Directory(rootfs), Stdio.discard());
        assertThat(runtime.task(id).status()).isEqualTo(TaskStatus.CREATED);
        assertThat(runtime.start(id)).isEqualTo(pid);
        assertThat(runtime.task(id).status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(shimSockets())
                .as("the clean-up's shim socket check knows the names")
                .containsAll(shimSocketsOf(Set.of(id)));
        assertThat(runtime.listTasks())
                .anySatisfy(task -> assertThat(task.containerId()).isEqualTo(id));

        Path out = base.resolve(id + "-exec.out");
        Path err = base.resolve(id + "-exec.err");
        ExecConfig exec = new ExecConfig(
                "probe1",
                ContainerSpecBuilder.execProcess(
                        List.of("sh", "-c", "echo from-exec; echo exec-err >&2; exit 7"), List.of(), "/"),
                Stdio.toFiles(out, err));
        assertThat(runtime.exec(id, exec, EXIT_TIMEOUT).code()).isEqualTo(7);
        assertThat(out).hasContent("from-exec");
        assertThat(err).hasContent("exec-err");

        assertThatThrownBy(() -> runtime.deleteTask(id))
                .isInstanceOfSatisfying(
                        ContainerRuntimeException.class,
                        e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.FAILED_PRECONDITION));

        // sleep is the pid namespace's init: SIGTERM without a handler does not end it (pid_namespaces(7)).
        runtime.kill(id, 15, false);
        assertThatThrownBy(() -> runtime.waitForExit(id, Duration.ofMillis(500)))
                .isInstanceOfSatisfying(ContainerRuntimeException.class, e -> assertThat(e.kind())
                        .isEqualTo(Kind.DEADLINE_EXCEEDED));
        runtime.kill(id, 9, true);
        assertThat(runtime.waitForExit(id, EXIT_TIMEOUT).code()).isEqualTo(128 + 9);
        assertThat(runtime.task(id).status()).isEqualTo(TaskStatus.STOPPED);
        assertThat(runtime.deleteTask(id).code()).isEqualTo(137);
        assertThatThrownBy(() -> runtime.task(id))
                .isInstanceOfSatisfying(ContainerRuntimeException.class, e -> assertThat(e.kind())
                        .isEqualTo(Kind.NOT_FOUND));
        runtime.deleteContainer(id);
        containers.remove(id);
        assertThatThrownBy(() -> runtime.deleteContainer(id))
                .isInstanceOfSatisfying(ContainerRuntimeException.class, e -> assertThat(e.kind())
                        .isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void aSecondContainerdOnTheSameDataRootIsRefused() {
        assertThatThrownBy(() -> PrivateContainerd.start("containerd", layout, Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ContainerRuntimeException.class, e -> assertThat(e.kind())
                        .isEqualTo(Kind.ALREADY_EXISTS));
        assertThat(containerd.isAlive()).isTrue();
    }

    @Test
    void containersOutliveContainerdAndAreReconciledAfterItsRestart() throws Exception {
        RecordingEvents events = new RecordingEvents();
        String survivor = "survivor-" + shortId();
        String quitter = "quitter-" + shortId();
        create(
                survivor,
                ContainerSpecBuilder.forContainer(survivor, new Rootfs.Directory(rootfs))
                        .args(List.of("sleep", "300")));
        create(
                quitter,
                ContainerSpecBuilder.forContainer(quitter, new Rootfs.Directory(rootfs))
                        .args(List.of("sh", "-c", "sleep 1; exit 5")));
        try (ContainerRuntime.Subscription subscription = runtime.subscribe(events)) {
            runtime.createTask(survivor, new Rootfs.Directory(rootfs), Stdio.discard());
            long survivorPid = runtime.start(survivor);
            runtime.createTask(quitter, new Rootfs.Directory(rootfs), Stdio.discard());
            long quitterPid = runtime.start(quitter);

            ProcessHandle.of(containerd.pid()).orElseThrow().destroyForcibly();
            assertThat(containerd.stop(Duration.ofSeconds(5))).isNotZero();
            awaitGone(quitterPid);
            assertThat(ProcessHandle.of(survivorPid))
                    .as("the container outlives containerd")
                    .isPresent();
            assertThatThrownBy(() -> runtime.task(survivor))
                    .isInstanceOfSatisfying(ContainerRuntimeException.class, e -> assertThat(e.kind())
                            .isEqualTo(Kind.UNAVAILABLE));

            containerd = PrivateContainerd.start("containerd", layout, Duration.ofSeconds(20));
            assertThat(events.reconnected.await(20, TimeUnit.SECONDS))
                    .as("the subscription came back and asked to reconcile")
                    .isTrue();
            TaskState running = runtime.task(survivor);
            assertThat(running.status()).isEqualTo(TaskStatus.RUNNING);
            assertThat(running.pid()).isEqualTo(survivorPid);
            Map<String, TaskState> reconciled = runtime.listTasks().stream()
                    .collect(java.util.stream.Collectors.toMap(TaskState::containerId, t -> t));
            assertThat(reconciled.get(quitter).status()).isEqualTo(TaskStatus.STOPPED);
            assertThat(reconciled.get(quitter).exit().map(ExitStatus::code)).contains(5);

            runtime.kill(survivor, 9, true);
            assertThat(runtime.waitForExit(survivor, EXIT_TIMEOUT).code()).isEqualTo(137);
            awaitExitEvent(events, survivor);
        }
        assertThat(runtime.deleteTask(quitter).code()).isEqualTo(5);
        runtime.deleteTask(survivor);
        runtime.deleteContainer(quitter);
        runtime.deleteContainer(survivor);
        containers.remove(quitter);
        containers.remove(survivor);
    }

    private void create(String id, ContainerSpecBuilder spec) throws ContainerRuntimeException {
        runtime.createContainer(new ContainerConfig(
                id,
                Map.of("io.shoal.test", "e2e"),
                spec.cgroupParent(CGROUP_PARENT).build()));
        containers.add(id);
    }

    private void removeQuietly(String id, List<Throwable> failures) {
        try {
            runtime.kill(id, 9, true);
        } catch (ContainerRuntimeException e) {
            // No task, or it has exited: nothing to kill.
        }
        try {
            runtime.waitForExit(id, Duration.ofSeconds(5));
            runtime.deleteTask(id);
        } catch (ContainerRuntimeException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                failures.add(e);
            }
        }
        try {
            runtime.deleteContainer(id);
        } catch (ContainerRuntimeException e) {
            failures.add(e);
        }
    }

    private static void awaitGone(long pid) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (ProcessHandle.of(pid).isPresent() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(pid)).as("process %d exited", pid).isEmpty();
    }

    private static void awaitExitEvent(RecordingEvents events, String id) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (events.exits.stream().noneMatch(e -> e.containerId().equals(id) && e.isInit())
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(events.exits).anySatisfy(exit -> {
            assertThat(exit.containerId()).isEqualTo(id);
            assertThat(exit.status().code()).isEqualTo(137);
        });
    }

    private static String shortId() {
        return Long.toHexString(System.nanoTime() & 0xffffffL);
    }

    private static boolean onPath(String binary) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, binary)));
    }

    /**
     * The sockets containerd 1.6's runc shims of {@code ids} listen on: {@code /run/containerd/s/} and the SHA-256 of
     * the containerd address, namespace and container id joined as a path (runtime/v2/shim's SocketAddress).
     */
    private Set<String> shimSocketsOf(Set<String> ids) throws Exception {
        Set<String> sockets = new LinkedHashSet<>();
        for (String id : ids) {
            String key = containerd.socket() + "/" + ContainerdSettings.DEFAULT_NAMESPACE + "/" + id;
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sockets.add("/run/containerd/s/" + java.util.HexFormat.of().formatHex(digest));
        }
        return sockets;
    }

    private static Set<String> shimSockets() throws IOException {
        Path directory = Path.of("/run/containerd/s");
        if (!Files.isDirectory(directory)) {
            return Set.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(Path::toString).collect(java.util.stream.Collectors.toSet());
        }
    }

    private static List<String> processesMentioning(String text) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (!entry.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (cmdline.contains(text)) {
                        found.add(entry.getFileName() + ": " + cmdline);
                    }
                } catch (IOException e) {
                    // The process exited while being looked at.
                }
            }
        }
        return found;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static final class RecordingEvents implements RuntimeEvents {
        final List<TaskExit> exits = new CopyOnWriteArrayList<>();
        final CountDownLatch reconnected = new CountDownLatch(1);

        @Override
        public void onExit(TaskExit exit) {
            exits.add(exit);
        }

        @Override
        public void onReconnected() {
            reconnected.countDown();
        }
    }
}
