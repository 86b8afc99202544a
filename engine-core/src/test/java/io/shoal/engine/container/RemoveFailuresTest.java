package io.shoal.engine.container;

import static io.shoal.engine.container.TestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.filter.Filters;
import io.shoal.engine.runtime.ContainerRuntimeException.Kind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code docker rm -f} of a running container whose runtime calls fail half-way (containerd's 10 s gRPC deadline,
 * or containerd gone): as Docker, the rm reports the error and keeps the container; its networking is never orphaned,
 * and a retried rm (or the next engine start) completes the teardown.
 */
@Tag("unit")
class RemoveFailuresTest {
    @TempDir
    Path root;

    private ControllerWorld world;

    @BeforeEach
    void setUp() throws Exception {
        world = ControllerWorld.start(root);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private String running() throws EngineException {
        String id = world.controller
                .create(Optional.of("web"), spec(List.of("sleep", "60")))
                .id();
        world.controller.start(id);
        assertThat(world.networks.endpointsOf(id)).hasSize(1);
        return id;
    }

    @ParameterizedTest
    @ValueSource(strings = {"deleteTask", "deleteContainer"})
    void aFailedForceRemoveKeepsTheContainerAndARetryLeavesNoEndpoint(String operation) throws Exception {
        String id = running();
        world.runtime.failOn(operation, Kind.DEADLINE_EXCEEDED);

        assertThatThrownBy(() -> world.controller.remove(id, true))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
        assertThat(world.controller.inspect(id).id()).isEqualTo(id);

        world.controller.remove(id, true);

        assertThat(world.controller.list(true, Filters.none(), -1)).isEmpty();
        assertThat(world.networks.attached()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"deleteTask", "deleteContainer"})
    void aStartAfterAFailedForceRemoveFinishesTheStopAndRunsOnOneEndpoint(String operation) throws Exception {
        String id = running();
        world.runtime.failOn(operation, Kind.DEADLINE_EXCEEDED);
        assertThatThrownBy(() -> world.controller.remove(id, true)).isInstanceOf(EngineException.class);

        world.controller.start(id);

        assertThat(world.controller.inspect(id).state().running()).isTrue();
        assertThat(world.networks.endpointsOf(id)).hasSize(1);
        assertThat(world.networks.attached()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aPlainRemoveAfterAFailedStopAlsoTearsTheNetworkingDown(boolean force) throws Exception {
        String id = running();
        world.runtime.failOn("deleteTask", Kind.UNAVAILABLE);
        assertThatThrownBy(() -> world.controller.remove(id, true)).isInstanceOf(EngineException.class);

        world.controller.remove(id, force);

        assertThat(world.networks.attached()).isEmpty();
    }
}
