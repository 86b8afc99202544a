package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpMethod;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard's decisions on a real directory; the full and read-only file systems are in DataRootFullE2eTest. */
@Tag("unit")
class DataRootGuardTest {
    @TempDir
    Path root;

    @Test
    void aChangeIsRefusedWithInsufficientStorageNamingThePathWhenLessThanTheThresholdIsFree() throws Exception {
        DataRootGuard guard = DataRootGuard.of(root, Long.MAX_VALUE);

        assertThatThrownBy(() -> guard.admit(HttpMethod.POST, "/networks/create"))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INSUFFICIENT_STORAGE);
                    assertThat(e.getMessage()).contains("no space left on the data root " + root);
                });
        for (String change : DataRootGuard.CHANGES) {
            String[] parts = change.split(" ", 2);
            assertThatThrownBy(() -> guard.admit(HttpMethod.valueOf(parts[0]), parts[1]))
                    .as(change)
                    .isInstanceOf(EngineException.class);
        }
    }

    @Test
    void readsRemovalsAndStopsPassEvenWhenFull() throws Exception {
        DataRootGuard guard = DataRootGuard.of(root, Long.MAX_VALUE);

        guard.admit(HttpMethod.GET, "/containers/json");
        guard.admit(HttpMethod.DELETE, "/containers/{id}");
        guard.admit(HttpMethod.DELETE, "/networks/{id}");
        guard.admit(HttpMethod.POST, "/networks/{id}/disconnect");
        guard.admit(HttpMethod.POST, "/containers/{id}/stop");
        guard.admit(HttpMethod.POST, "/containers/{id}/wait");
    }

    @Test
    void aChangePassesWithSpaceAndAWritableRoot() throws Exception {
        DataRootGuard.of(root, 0).admit(HttpMethod.POST, "/containers/create");

        assertThat(Files.readString(root.resolve(".write-probe"))).isEqualTo("1");
    }

    @Test
    void aDataRootThatCannotBeWrittenIsRefusedAsInternalNamingThePath() throws Exception {
        // The probe cannot be opened for writing: as on a read-only file system (EROFS), the open fails.
        Files.createDirectory(root.resolve(".write-probe"));
        DataRootGuard guard = DataRootGuard.of(root, 0);

        assertThatThrownBy(() -> guard.admit(HttpMethod.POST, "/containers/{id}/start"))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
                    assertThat(e.getMessage()).contains("the data root " + root + " cannot be written");
                });
    }
}
