package io.shoal.engine.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventBusTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    private static EngineEvent at(int second, String action) {
        return new EngineEvent("container", action, "c" + second, Map.of(), T0.plusSeconds(second));
    }

    @Test
    void aSubscriberGetsTheKeptEventsSinceItsTimeThenTheLiveOnesInOrder() {
        EventBus bus = new EventBus(Clock.fixed(T0, ZoneOffset.UTC));
        bus.publish(at(1, "create"));
        bus.publish(at(2, "start"));
        bus.publish(at(3, "die"));
        List<String> seen = new ArrayList<>();
        try (EventBus.Subscription subscription =
                bus.subscribe(Optional.of(T0.plusSeconds(2)), event -> seen.add(event.action()))) {
            bus.publish(at(4, "destroy"));
        }
        bus.publish(at(5, "create"));
        assertThat(seen).containsExactly("start", "die", "destroy");
        assertThat(bus.subscribers()).isZero();
    }

    @Test
    void withoutSinceOnlyLiveEventsArrive() {
        EventBus bus = new EventBus(Clock.fixed(T0, ZoneOffset.UTC));
        bus.publish(at(1, "create"));
        List<String> seen = new ArrayList<>();
        bus.subscribe(Optional.empty(), event -> seen.add(event.action()));
        bus.publish("network", "connect", "n1", Map.of("container", "c1"));
        assertThat(seen).containsExactly("connect");
        assertThat(bus.recent().get(1).time()).isEqualTo(T0);
    }

    @Test
    void theRingKeepsOnlyTheLastEvents() {
        EventBus bus = new EventBus(Clock.fixed(T0, ZoneOffset.UTC), 2);
        bus.publish(at(1, "create"));
        bus.publish(at(2, "start"));
        bus.publish(at(3, "die"));
        assertThat(bus.recent()).extracting(EngineEvent::action).containsExactly("start", "die");
    }

    @Test
    void theSameListenerSubscribedTwiceIsTwoSubscriptions() {
        EventBus bus = new EventBus(Clock.fixed(T0, ZoneOffset.UTC));
        List<String> seen = new ArrayList<>();
        java.util.function.Consumer<EngineEvent> listener = event -> seen.add(event.action());
        EventBus.Subscription first = bus.subscribe(Optional.empty(), listener);
        bus.subscribe(Optional.empty(), listener);
        first.close();
        bus.publish(at(1, "create"));
        assertThat(seen).containsExactly("create");
        assertThat(bus.subscribers()).isEqualTo(1);
    }
}
