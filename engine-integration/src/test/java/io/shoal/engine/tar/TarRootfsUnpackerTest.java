package io.shoal.engine.tar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.image.RootfsUnpacker.Unpacked;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TarRootfsUnpackerTest {
    private static final byte[] PASSWD = "root:x:0:0:root:/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TOOL = "#!/bin/sh\necho tool\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LIBC = "not really libc".getBytes(StandardCharsets.UTF_8);
    private static final String LONG_NAME = "deep/" + "d".repeat(120) + "/file-with-a-name-beyond-ustar";

    @TempDir
    Path dir;

    private final TarRootfsUnpacker unpacker = new TarRootfsUnpacker(false);

    /** A rootfs with every kind of entry the unpacker keeps or skips. */
    static byte[] sampleTar() throws IOException {
        return tar(out -> {
            dir(out, "./", 0755);
            dir(out, "etc/", 0755);
            file(out, "etc/passwd", 0644, PASSWD);
            dir(out, "bin/", 0755);
            file(out, "bin/tool", 04755, TOOL);
            link(out, "bin/link", "tool", TarConstants.LF_SYMLINK);
            link(out, "bin/hard", "bin/tool", TarConstants.LF_LINK);
            dir(out, "ro/", 0555);
            file(out, "ro/file", 0444, PASSWD);
            dir(out, "usr/lib/", 0755);
            link(out, "lib", "/usr/lib", TarConstants.LF_SYMLINK);
            file(out, "lib/libc.so", 0755, LIBC);
            TarArchiveEntry device = new TarArchiveEntry("dev/null", TarConstants.LF_CHR);
            device.setDevMajor(1);
            device.setDevMinor(3);
            put(out, device, null);
            put(out, new TarArchiveEntry("dev/fifo", TarConstants.LF_FIFO), null);
            file(out, LONG_NAME, 0600, LIBC);
        });
    }

    @Test
    void unpacksDirectoriesFilesLinksAndModesAndSkipsDevices() throws Exception {
        byte[] tar = sampleTar();
        Path root = Files.createDirectory(dir.resolve("root"));

        Unpacked unpacked = unpacker.unpack(new ByteArrayInputStream(tar), root);

        assertThat(unpacked.sha256()).isEqualTo(sha256(tar));
        assertThat(unpacked.size()).isEqualTo(PASSWD.length * 2L + TOOL.length + LIBC.length * 2L);
        assertThat(root.resolve("etc/passwd")).hasBinaryContent(PASSWD);
        assertThat(mode(root.resolve("bin/tool"))).isEqualTo(04755);
        assertThat(mode(root.resolve("etc/passwd"))).isEqualTo(0644);
        assertThat(mode(root.resolve("ro"))).isEqualTo(0555);
        assertThat(root.resolve("ro/file")).hasBinaryContent(PASSWD);
        assertThat(Files.readSymbolicLink(root.resolve("bin/link"))).isEqualTo(Path.of("tool"));
        assertThat(Files.isSameFile(root.resolve("bin/hard"), root.resolve("bin/tool")))
                .isTrue();
        assertThat(Files.getAttribute(root.resolve("bin/tool"), "unix:nlink")).isEqualTo(2);
        // Through the absolute link "lib -> /usr/lib", read inside the root as the container will.
        assertThat(Files.readSymbolicLink(root.resolve("lib"))).isEqualTo(Path.of("/usr/lib"));
        assertThat(root.resolve("usr/lib/libc.so")).hasBinaryContent(LIBC);
        assertThat(root.resolve("dev/null")).doesNotExist();
        assertThat(root.resolve("dev/fifo")).doesNotExist();
        assertThat(root.resolve(LONG_NAME)).hasBinaryContent(LIBC);
    }

    @Test
    void gzipIsToldByItsMagicBytesAndTheHashIsOfTheCompressedStream() throws Exception {
        byte[] tar = sampleTar();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(compressed)) {
            gzip.write(tar);
        }
        Path root = Files.createDirectory(dir.resolve("root"));

        Unpacked unpacked = unpacker.unpack(new ByteArrayInputStream(compressed.toByteArray()), root);

        assertThat(unpacked.sha256())
                .isEqualTo(sha256(compressed.toByteArray()))
                .isNotEqualTo(sha256(tar));
        assertThat(root.resolve("etc/passwd")).hasBinaryContent(PASSWD);
        assertThat(root.resolve("usr/lib/libc.so")).hasBinaryContent(LIBC);
    }

    @Test
    void keepsOwnersWhenRunningAsRoot() throws Exception {
        Assumptions.assumeTrue(
                ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0, "needs root to chown");
        byte[] tar = tar(out -> {
            TarArchiveEntry owned = new TarArchiveEntry("owned");
            owned.setSize(LIBC.length);
            owned.setMode(0640);
            owned.setUserId(1234);
            owned.setGroupId(5678);
            put(out, owned, LIBC);
            TarArchiveEntry link = new TarArchiveEntry("owned-link", TarConstants.LF_SYMLINK);
            link.setLinkName("owned");
            link.setUserId(4321);
            link.setGroupId(8765);
            put(out, link, null);
        });
        Path root = Files.createDirectory(dir.resolve("root"));

        new TarRootfsUnpacker().unpack(new ByteArrayInputStream(tar), root);

        assertThat(Files.getAttribute(root.resolve("owned"), "unix:uid")).isEqualTo(1234);
        assertThat(Files.getAttribute(root.resolve("owned"), "unix:gid")).isEqualTo(5678);
        assertThat(mode(root.resolve("owned"))).isEqualTo(0640);
        assertThat(Files.getAttribute(root.resolve("owned-link"), "unix:uid", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(4321);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "dotdot",
                "absolute",
                "inner-dotdot",
                "symlink-up",
                "symlink-chain-up",
                "hardlink-up",
                "hardlink-absolute",
                "loop"
            })
    void refusesEntriesThatEscapeTheTargetAndWritesNothingOutside(String escape) throws Exception {
        byte[] tar = tar(out -> {
            dir(out, "inside/", 0755);
            switch (escape) {
                case "dotdot" -> file(out, "../evil", 0644, LIBC);
                case "absolute" -> file(out, "/evil", 0644, LIBC);
                case "inner-dotdot" -> file(out, "inside/../../evil", 0644, LIBC);
                case "symlink-up" -> {
                    link(out, "up", "../..", TarConstants.LF_SYMLINK);
                    file(out, "up/evil", 0644, LIBC);
                }
                case "symlink-chain-up" -> {
                    link(out, "inside/a", "../b", TarConstants.LF_SYMLINK);
                    link(out, "b", "inside/c/../../..", TarConstants.LF_SYMLINK);
                    dir(out, "inside/c/", 0755);
                    file(out, "inside/a/evil", 0644, LIBC);
                }
                case "hardlink-up" -> link(out, "inside/h", "../outside-file", TarConstants.LF_LINK);
                case "hardlink-absolute" -> link(out, "inside/h", "/etc/passwd", TarConstants.LF_LINK);
                case "loop" -> {
                    link(out, "l1", "l2", TarConstants.LF_SYMLINK);
                    link(out, "l2", "l1", TarConstants.LF_SYMLINK);
                    file(out, "l1/evil", 0644, LIBC);
                }
                default -> throw new IllegalArgumentException(escape);
            }
        });
        Path sandbox = Files.createDirectories(dir.resolve("a/b/c"));
        Path root = Files.createDirectory(sandbox.resolve("root"));
        Files.write(sandbox.resolve("outside-file"), PASSWD);

        assertThatThrownBy(() -> unpacker.unpack(new ByteArrayInputStream(tar), root))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("refusing");

        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals("evil")))
                    .isEmpty();
        }
        try (Stream<Path> all = Files.list(sandbox)) {
            assertThat(all.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("root", "outside-file");
        }
        assertThat(Files.getAttribute(sandbox.resolve("outside-file"), "unix:nlink"))
                .isEqualTo(1);
    }

    @Test
    void anAbsoluteSymlinkIsFollowedFromTheTargetsRootNotTheHosts() throws Exception {
        byte[] tar = tar(out -> {
            link(out, "hostetc", "/etc", TarConstants.LF_SYMLINK);
            file(out, "hostetc/shoal-unpacker-test", 0644, LIBC);
        });
        Path root = Files.createDirectory(dir.resolve("root"));

        unpacker.unpack(new ByteArrayInputStream(tar), root);

        assertThat(root.resolve("etc/shoal-unpacker-test")).hasBinaryContent(LIBC);
        assertThat(Path.of("/etc/shoal-unpacker-test")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 2000})
    void aStreamThatIsNotATarIsAnInvalidArgument(int length) throws Exception {
        byte[] garbage =
                "not a tar archive at all. ".repeat(100).substring(0, length).getBytes(StandardCharsets.UTF_8);
        Path root = Files.createDirectory(dir.resolve("root"));

        assertThatThrownBy(() -> unpacker.unpack(new ByteArrayInputStream(garbage), root))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("not a");
    }

    @Test
    void anEmptyArchiveIsAnEmptyRootfs() throws Exception {
        byte[] tar = tar(out -> {});
        Path root = Files.createDirectory(dir.resolve("root"));

        Unpacked unpacked = unpacker.unpack(new ByteArrayInputStream(tar), root);

        assertThat(unpacked.size()).isZero();
        assertThat(unpacked.sha256()).isEqualTo(sha256(tar));
    }

    interface Writer {
        void write(TarArchiveOutputStream out) throws IOException;
    }

    static byte[] tar(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            writer.write(out);
        }
        return bytes.toByteArray();
    }

    static void dir(TarArchiveOutputStream out, String name, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(040000 | mode);
        put(out, entry, null);
    }

    static void file(TarArchiveOutputStream out, String name, int mode, byte[] content) throws IOException {
        // preserveAbsolutePath: the writer would otherwise strip a leading '/', hiding the case under test.
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setMode(0100000 | mode);
        entry.setSize(content.length);
        put(out, entry, content);
    }

    static void link(TarArchiveOutputStream out, String name, String target, byte type) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, type);
        entry.setLinkName(target);
        put(out, entry, null);
    }

    static void put(TarArchiveOutputStream out, TarArchiveEntry entry, byte[] content) throws IOException {
        out.putArchiveEntry(entry);
        if (content != null) {
            out.write(content);
        }
        out.closeArchiveEntry();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static int mode(Path path) throws IOException {
        return ((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
    }
}
