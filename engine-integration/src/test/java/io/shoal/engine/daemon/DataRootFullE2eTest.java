package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * shoald's data root on a 96 MiB ext4 file system (a loop-mounted image, mounted in the test JVM's private mount
 * namespace, which scripts/in-netns gives it) that fills up, then read-only (a read-only bind mount of the data root
 * over itself): network create, run and
 * connect are refused with Docker's error shape naming the data root (507 when full), nothing half made is left, ps,
 * inspect and network ls answer, running containers keep running and resolving names; once space is back (or the
 * mount writable again) the same changes succeed without a restart. Runs as root through scripts/in-netns.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataRootFullE2eTest {
    private static final String IMAGE = ShoaldUnderTest.IMAGE;
    private static final String BUSYBOX = "/bin/busybox";

    private Path image;
    private Path mountPoint;
    private boolean mounted;
    private ShoaldUnderTest shoald;

    @BeforeAll
    void mountASmallFileSystemAndStartShoaldOnIt() throws Exception {
        Assumptions.assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0, "needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/mkfs.ext4")), "mkfs.ext4 is not installed");
        image = Files.createTempFile("shoald-full-", ".img");
        mountPoint = Files.createTempDirectory("shoald-full-");
        sh("truncate", "-s", "96M", image.toString());
        sh("mkfs.ext4", "-q", "-F", image.toString());
        sh("mount", "-o", "loop", image.toString(), mountPoint.toString());
        mounted = true;
        shoald = ShoaldUnderTest.start(mountPoint);
    }

    @AfterAll
    void stopShoaldAndUnmount() throws Exception {
        try {
            if (shoald != null) {
                shoald.close();
            }
        } finally {
            if (mounted) {
                sh("umount", mountPoint.toString());
            }
            if (mountPoint != null) {
                Files.deleteIfExists(mountPoint);
            }
            if (image != null) {
                Files.deleteIfExists(image);
            }
        }
    }

    @Test
    void changesAreRefusedWhileTheDataRootIsFullOrReadOnlyAndWorkAgainAfterwards() throws Exception {
        shoald.ok("network", "create", "app");
        shoald.ok("network", "create", "side");
        shoald.ok("run", "-d", "--name", "web", "--network", "app", IMAGE, "sleep", "600");
        shoald.ok("run", "-d", "--name", "client", "--network", "app", IMAGE, "sleep", "600");
        String client = netns("client");
        String webIp = shoald.ok("inspect", "web", "--format", "{{.NetworkSettings.Networks.app.IPAddress}}");
        List<String> networksBefore = networks();

        Path filler = mountPoint.resolve("filler");
        fill(filler);
        refusedWith("no space left on the data root " + shoald.dataRoot(), "507");
        assertThat(networks()).isEqualTo(networksBefore);
        stillServing(client, webIp);

        Files.delete(filler);
        changesWork("full");

        // A read-only data root: a read-only bind mount of the data root over itself (files open already keep
        // writing; new opens meet EROFS, as after a remount,ro, which open files would refuse with EBUSY).
        String dataRoot = shoald.dataRoot().toString();
        sh("mount", "--bind", dataRoot, dataRoot);
        try {
            sh("mount", "-o", "remount,bind,ro", dataRoot);
            refusedWith("the data root " + dataRoot + " cannot be written", "500");
            stillServing(client, webIp);
        } finally {
            sh("umount", dataRoot);
        }
        changesWork("ro");
    }

    /** network create, run and connect each refused with {@code message}; the raw status {@code status}. */
    private void refusedWith(String message, String status) throws Exception {
        List<String> containers = shoald.ok("ps", "-aq").lines().toList();
        assertThat(shoald.fails("network", "create", "more").err()).contains(message);
        assertThat(shoald.fails("run", "-d", "--name", "more", "--network", "app", IMAGE, "sleep", "600")
                        .err())
                .contains(message);
        assertThat(shoald.fails("network", "connect", "side", "client").err()).contains(message);
        assertThat(shoald.httpStatus("POST", "/networks/create", "{\"Name\":\"more\"}"))
                .isEqualTo(status);
        // Nothing half made.
        assertThat(shoald.ok("ps", "-aq").lines().toList()).isEqualTo(containers);
        assertThat(shoald.docker("network", "inspect", "more").exit()).isNotZero();
        assertThat(shoald.ok("inspect", "client", "--format", "{{len .NetworkSettings.Networks}}"))
                .isEqualTo("1");
    }

    /** Reads answer; the containers run and resolve each other through the embedded DNS. */
    private void stillServing(String client, String webIp) throws Exception {
        assertThat(shoald.ok("ps", "--format", "{{.Names}} {{.State}}")
                        .lines()
                        .sorted()
                        .toList())
                .containsExactly("client running", "web running");
        assertThat(shoald.ok("inspect", "web", "--format", "{{.State.Running}}"))
                .isEqualTo("true");
        assertThat(networks()).contains("app", "side");
        ShoaldUnderTest.Result lookup =
                shoald.run(List.of("ip", "netns", "exec", client, BUSYBOX, "nslookup", "web", "127.0.0.11"), Map.of());
        assertThat(lookup.out()).as(lookup.toString()).contains(webIp);
    }

    /** The refused changes succeed now, without a restart; then undone for the next round. */
    private void changesWork(String round) throws Exception {
        shoald.ok("network", "create", "more-" + round);
        shoald.ok("run", "-d", "--name", "more-" + round, "--network", "app", IMAGE, "sleep", "600");
        shoald.ok("network", "connect", "side", "client");
        assertThat(shoald.ok("exec", "client", "nslookup", "more-" + round)).contains("Name:");
        shoald.ok("network", "disconnect", "side", "client");
        shoald.ok("rm", "-f", "more-" + round);
        shoald.ok("network", "rm", "more-" + round);
    }

    private List<String> networks() throws Exception {
        return shoald.ok("network", "ls", "--format", "{{.Name}}")
                .lines()
                .sorted()
                .toList();
    }

    private String netns(String container) throws Exception {
        return Path.of(shoald.ok("inspect", container, "--format", "{{.NetworkSettings.SandboxKey}}"))
                .getFileName()
                .toString();
    }

    /** Writes zeros to {@code file} until the file system is full (as root: its reserved blocks too). */
    private static void fill(Path file) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            while (true) {
                chunk.clear();
                channel.write(chunk);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
        }
    }

    private void sh(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + "\n" + out).isZero();
    }
}
