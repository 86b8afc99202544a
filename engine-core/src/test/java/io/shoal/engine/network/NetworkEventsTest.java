package io.shoal.engine.network;

import static io.shoal.engine.network.NetworkFixture.aliases;
import static io.shoal.engine.network.NetworkFixture.containerId;
import static io.shoal.engine.network.NetworkFixture.sandbox;
import static io.shoal.engine.network.NetworkFixture.withSubnet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.events.EngineEvent;
import io.shoal.engine.events.EventBus;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class NetworkEventsTest {
    private NetworkFixture fixture;
    private EventBus bus;

    @BeforeEach
    void start() throws EngineException {
        fixture = new NetworkFixture().started();
        bus = new EventBus(fixture.clock);
        fixture.controller.publishEventsTo(bus);
    }

    @Test
    void aNetworksLifeIsPublishedInOrderWithItsNameDriverAndTheContainer() throws EngineException {
        NetworkView web = fixture.controller.create(withSubnet("web", "10.7.0.0/24"));
        fixture.controller.attach(sandbox("c1"), web.id(), aliases(), "eth0");
        fixture.controller.detach(containerId("c1"), web.id());
        fixture.controller.remove("web");

        List<EngineEvent> events = bus.recent();
        assertThat(events)
                .extracting(EngineEvent::action)
                .containsExactly("create", "connect", "disconnect", "destroy");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.type()).isEqualTo(EngineEvent.NETWORK);
            assertThat(event.actorId()).isEqualTo(web.id());
            assertThat(event.attributes()).containsEntry("name", "web").containsEntry("type", "bridge");
        });
        assertThat(events.get(1).attributes()).containsEntry("container", containerId("c1"));
        assertThat(events.get(2).attributes()).containsEntry("container", containerId("c1"));
        assertThat(events.get(0).attributes()).doesNotContainKey("container");
    }

    @Test
    void aRefusedChangePublishesNothing() throws EngineException {
        NetworkView web = fixture.controller.create(withSubnet("web", "10.8.0.0/24"));
        fixture.controller.attach(sandbox("c1"), web.id(), aliases(), "eth0");
        int before = bus.recent().size();

        assertThatThrownBy(() -> fixture.controller.create(withSubnet("web", "10.9.0.0/24")))
                .isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> fixture.controller.remove("web")).isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> fixture.controller.detach(containerId("c2"), web.id()))
                .isInstanceOf(EngineException.class);

        assertThat(bus.recent()).hasSize(before);
    }
}
