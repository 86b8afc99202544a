package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataRootLayoutTest {
    @TempDir
    Path dir;

    @Test
    void preparesItsDirectoriesAndClaimsTheDataRootWithItsPid() throws Exception {
        DataRootLayout layout = new DataRootLayout(dir.resolve("root"));
        layout.prepare();

        assertThat(layout.claim()).isEmpty();

        assertThat(layout.namespaceMarkers()).isDirectory();
        assertThat(layout.directory().resolve("drivers")).isDirectory();
        assertThat(layout.recordedPid()).hasValue(ProcessHandle.current().pid());
        assertThat(layout.containerd().socket()).isEqualTo(dir.resolve("root/containerd/containerd.sock"));
        layout.release();
        assertThat(layout.pidFile()).doesNotExist();
    }

    @Test
    void aPidFileNamingADeadProcessOrAnotherProgramDoesNotStopTheClaim() throws Exception {
        DataRootLayout layout = new DataRootLayout(dir.resolve("root"));
        layout.prepare();
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            // A live process that is not shoald: a pid reused after a crash.
            Files.writeString(layout.pidFile(), other.pid() + "\n");
            assertThat(layout.claim()).isEmpty();
            assertThat(layout.recordedPid()).hasValue(ProcessHandle.current().pid());

            Files.writeString(layout.pidFile(), "not a pid\n");
            assertThat(layout.recordedPid()).isEmpty();
            assertThat(layout.claim()).isEmpty();
        } finally {
            other.destroyForcibly().waitFor();
        }
        // A pid file that names another process is not removed by release().
        Files.writeString(layout.pidFile(), other.pid() + "\n");
        layout.release();
        assertThat(layout.pidFile()).exists();
    }
}
