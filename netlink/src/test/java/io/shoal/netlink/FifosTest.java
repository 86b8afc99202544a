package io.shoal.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class FifosTest {
    @Test
    void makesAFifoOnlyItsOwnerCanUse(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("stdout");
        Fifos.create(fifo);
        PosixFileAttributes attributes = Files.readAttributes(fifo, PosixFileAttributes.class);
        assertThat(attributes.isOther())
                .as("a fifo is neither file, directory nor link")
                .isTrue();
        assertThat(attributes.permissions())
                .containsOnly(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void anExistingPathIsEexist(@TempDir Path dir) throws IOException {
        Path taken = Files.createFile(dir.resolve("taken"));
        assertThatThrownBy(() -> Fifos.create(taken))
                .isInstanceOf(ObjectExistsException.class)
                .hasMessageContaining("mkfifo")
                .hasMessageContaining(taken.toString());
    }

    @Test
    void aMissingDirectoryIsEnoent(@TempDir Path dir) {
        assertThatThrownBy(() -> Fifos.create(dir.resolve("missing/stdout"))).isInstanceOf(NoSuchObjectException.class);
    }
}
