package io.shoal.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ContainerFilesTest {
    @TempDir
    Path dir;

    @Test
    void aRewriteKeepsTheInodeAndCutsALongerOldContent() throws Exception {
        Path hosts = dir.resolve("hosts");
        ContainerFiles.rewriteInPlace(hosts, bytes("127.0.0.1\tlocalhost\n10.1.0.2\tweb\n"));
        Object inode = Files.getAttribute(hosts, "unix:ino");

        ContainerFiles.rewriteInPlace(hosts, bytes("127.0.0.1\tlocalhost\n"));
        assertThat(Files.readString(hosts)).isEqualTo("127.0.0.1\tlocalhost\n");
        ContainerFiles.rewriteInPlace(hosts, bytes("127.0.0.1\tlocalhost\n10.2.0.2\tweb db\n"));
        assertThat(Files.readString(hosts)).isEqualTo("127.0.0.1\tlocalhost\n10.2.0.2\tweb db\n");
        assertThat(Files.getAttribute(hosts, "unix:ino")).isEqualTo(inode);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
