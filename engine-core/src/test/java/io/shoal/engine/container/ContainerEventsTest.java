package io.shoal.engine.container;

import static io.shoal.engine.container.TestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.events.EngineEvent;
import io.shoal.engine.events.EventBus;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerEventsTest {
    @TempDir
    Path root;

    private ControllerWorld world;
    private EventBus bus;

    @BeforeEach
    void setUp() throws Exception {
        world = ControllerWorld.start(root);
        bus = new EventBus(world.clock);
        world.controller.publishEventsTo(bus);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void aContainersLifeIsPublishedInOrderWithItsNameImageAndExitCode() throws Exception {
        String id =
                world.controller.create(Optional.of("web"), spec(List.of("sh"))).id();
        world.controller.start("web");
        world.controller.kill("web", "SIGKILL");
        world.controller.remove("web", false);

        List<EngineEvent> events = bus.recent();
        assertThat(events).extracting(EngineEvent::action).containsExactly("create", "start", "kill", "die", "destroy");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.type()).isEqualTo("container");
            assertThat(event.actorId()).isEqualTo(id);
            assertThat(event.attributes()).containsEntry("name", "web").containsEntry("image", "busybox");
        });
        assertThat(events.get(2).attributes()).containsEntry("signal", "9");
        assertThat(events.get(3).attributes()).containsEntry("exitCode", "137");
    }
}
