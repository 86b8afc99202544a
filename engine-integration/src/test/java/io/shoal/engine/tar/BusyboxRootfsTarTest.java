package io.shoal.engine.tar;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.containerd.BusyboxRootfs;
import io.shoal.engine.image.RootfsUnpacker.Unpacked;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rootfs the demo imports: Debian's busybox-static as {@code /bin/busybox} with a relative symlink per applet
 * (engine-containerd's test {@code BusyboxRootfs} makes the same tree), tarred as {@code docker import} receives it,
 * unpacked, and run.
 */
class BusyboxRootfsTarTest {
    private static final Path BUSYBOX = BusyboxRootfs.BUSYBOX;

    @TempDir
    Path dir;

    @Test
    void busyboxWithItsAppletLinksSurvivesTarAndUnpackAndRuns() throws Exception {
        Path source = BusyboxRootfs.create(Files.createDirectory(dir.resolve("source")));
        byte[] tar = tarOf(source);
        Path root = Files.createDirectory(dir.resolve("root"));

        Unpacked unpacked = new TarRootfsUnpacker(false).unpack(new ByteArrayInputStream(tar), root);

        assertThat(unpacked.sha256()).isEqualTo(TarRootfsUnpackerTest.sha256(tar));
        assertThat(unpacked.size()).isEqualTo(Files.size(BUSYBOX));
        assertThat(Files.mismatch(root.resolve("bin/busybox"), BUSYBOX)).isEqualTo(-1L);
        assertThat(TarRootfsUnpackerTest.mode(root.resolve("bin/busybox")))
                .isEqualTo(TarRootfsUnpackerTest.mode(BUSYBOX));
        assertThat(Files.readSymbolicLink(root.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        try (Stream<Path> links = Files.list(root.resolve("bin"))) {
            assertThat(links.filter(Files::isSymbolicLink).count())
                    .isEqualTo(BusyboxRootfs.applets().size() - 1L);
        }
        for (String empty : List.of("proc", "sys", "dev", "etc", "tmp", "run")) {
            assertThat(root.resolve(empty)).isEmptyDirectory();
        }
        // The applet link runs busybox as "echo", as the container's shell will.
        Process echo = new ProcessBuilder(root.resolve("bin/echo").toString(), "unpacked").start();
        assertThat(new String(echo.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("unpacked\n");
        assertThat(echo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    /** The tree as tar(1) writes it: "./" first, directories before their contents, links as links. */
    private static byte[] tarOf(Path source) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes);
                Stream<Path> tree = Files.walk(source)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path path : tree.sorted().toList()) {
                String name = "./" + source.relativize(path);
                TarArchiveEntry entry;
                if (Files.isSymbolicLink(path)) {
                    entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                    entry.setLinkName(Files.readSymbolicLink(path).toString());
                } else {
                    entry = new TarArchiveEntry(
                            path, Files.isDirectory(path) ? name + "/" : name, LinkOption.NOFOLLOW_LINKS);
                }
                // The path constructor reads times and owners but not the mode bits: tar(1) keeps them.
                entry.setMode((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS));
                out.putArchiveEntry(entry);
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(path, out);
                }
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
