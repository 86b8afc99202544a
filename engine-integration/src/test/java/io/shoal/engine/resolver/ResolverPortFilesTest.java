package io.shoal.engine.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.dns.placement.ListenerPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resolver ports a restarted engine reads back: written, replaced, removed; anything odd reads as "none". */
class ResolverPortFilesTest {
    private static final String ID = "ab".repeat(32);

    @TempDir
    Path root;

    @Test
    void portsWrittenAreReadBackUntilRemoved() {
        ResolverPortFiles files = new ResolverPortFiles(root.resolve("dns-ports"));

        files.write(ID, new ListenerPorts(40001, 40002));
        files.write(ID, new ListenerPorts(40003, 40004));

        assertThat(new ResolverPortFiles(root.resolve("dns-ports")).read(ID)).contains(new ListenerPorts(40003, 40004));
        files.remove(ID);
        assertThat(files.read(ID)).isEmpty();
        assertThat(root.resolve("dns-ports")).isEmptyDirectory();
    }

    @Test
    void aDamagedRecordOrAnIdThatIsNoFileNameReadsAsNothingRecorded() throws Exception {
        ResolverPortFiles files = new ResolverPortFiles(root);
        Files.writeString(root.resolve(ID), "40001\n");

        assertThat(files.read(ID)).isEmpty();
        files.write("../escape", new ListenerPorts(40001, 40002));
        assertThat(files.read("../escape")).isEmpty();
        assertThat(root.getParent().resolve("escape")).doesNotExist();
    }
}
