package io.shoal.engine.container;

import static io.shoal.engine.container.TestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.network.EndpointSettings;
import io.shoal.engine.network.EndpointView;
import io.shoal.engine.network.FakeNetworkAttachments.Attached;
import io.shoal.engine.sandbox.SandboxRef;
import io.shoal.engine.store.Change;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Endpoints left by a container that no longer exists: removed at the engine's start and by disconnect -f. */
@Tag("unit")
class EndpointOrphansTest {
    private static final String GHOST = "ab12cd34ef56" + "0000000000000000000000000000000000000000000000000000";

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

    private String bridgeId() throws EngineException {
        return world.networks.find("bridge").id();
    }

    /** An endpoint of a container the store does not know, as an interrupted removal of an older engine left it. */
    private void ghostEndpoint() throws EngineException {
        world.networks.attach(
                new SandboxRef(GHOST, "ghost", "ab12cd34ef56", root.resolve("netns-ghost")),
                bridgeId(),
                EndpointSettings.defaults(),
                "eth0");
    }

    private List<String> attachedContainers() {
        return world.networks.attached().stream()
                .map(Attached::view)
                .map(EndpointView::containerId)
                .toList();
    }

    @Test
    void theEnginesStartRemovesTheEndpointsOfGoneContainersAndKeepsTheOthers() throws Exception {
        String web = world.controller
                .create(Optional.of("web"), spec(List.of("sleep", "60")))
                .id();
        world.controller.start(web);
        ghostEndpoint();
        assertThat(attachedContainers()).containsExactlyInAnyOrder(web, GHOST);

        world.controller.close();
        world.controller = world.newController();
        world.controller.restore();

        assertThat(attachedContainers()).containsExactly(web);
        assertThat(world.networks.calls()).contains("detach " + GHOST + " " + bridgeId());
    }

    @Test
    void aRecordDeletedBehindTheEnginesBackLeavesNoEndpointAfterARestart() throws Exception {
        String web = world.controller
                .create(Optional.of("web"), spec(List.of("sleep", "60")))
                .id();
        world.controller.start(web);
        world.controller.close();
        world.store.apply(List.of(Change.delete(ContainerController.CONTAINERS, web)));

        world.controller = world.newController();
        world.controller.restore();

        assertThat(world.networks.attached()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ghost", "/ghost", GHOST, "ab12cd34"})
    void forceDisconnectRemovesTheStaleEndpointByContainerNameOrId(String idOrName) throws Exception {
        ghostEndpoint();

        world.controller.disconnect("bridge", idOrName, true);

        assertThat(world.networks.attached()).isEmpty();
    }

    @Test
    void withoutForceAGoneContainerIsNotFoundAndItsEndpointStays() throws Exception {
        ghostEndpoint();

        assertThatThrownBy(() -> world.controller.disconnect("bridge", "ghost", false))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThat(attachedContainers()).containsExactly(GHOST);
    }

    @Test
    void forceDisconnectOfANameNoEndpointHoldsIsNotFound() throws Exception {
        ghostEndpoint();

        assertThatThrownBy(() -> world.controller.disconnect("bridge", "nobody", true))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThat(attachedContainers()).containsExactly(GHOST);
    }
}
