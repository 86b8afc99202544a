package io.shoal.engine.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.filter.Filters;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventFilterTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final EngineEvent CONTAINER_DIE = new EngineEvent(
            "container",
            "die",
            "abc123",
            Map.of("name", "web", "image", "busybox:latest", "com.example.tier", "front", "exitCode", "0"),
            NOW);
    private static final EngineEvent NETWORK_CONNECT = new EngineEvent(
            "network", "connect", "net456", Map.of("name", "backend", "type", "bridge", "container", "abc123"), NOW);
    private static final EngineEvent IMAGE_DELETE =
            new EngineEvent("image", "delete", "sha256:fff", Map.of("name", "sha256:fff"), NOW);
    private static final List<EngineEvent> ALL = List.of(CONTAINER_DIE, NETWORK_CONNECT, IMAGE_DELETE);

    private static List<EngineEvent> through(Map<String, Set<String>> terms) {
        EventFilter filter = EventFilter.of(new Filters(terms));
        return ALL.stream().filter(filter::includes).toList();
    }

    @Test
    void noFilterLetsEverythingThrough() {
        assertThat(through(Map.of())).isEqualTo(ALL);
    }

    @Test
    void typeAndEventMatchExactly() {
        assertThat(through(Map.of("type", Set.of("network", "image")))).containsExactly(NETWORK_CONNECT, IMAGE_DELETE);
        assertThat(through(Map.of("event", Set.of("die", "connect")))).containsExactly(CONTAINER_DIE, NETWORK_CONNECT);
        assertThat(through(Map.of("type", Set.of("container"), "event", Set.of("connect"))))
                .isEmpty();
    }

    @Test
    void containerAndNetworkMatchIdOrNameByPrefixAndOnlyTheirType() {
        assertThat(through(Map.of("container", Set.of("web")))).containsExactly(CONTAINER_DIE);
        assertThat(through(Map.of("container", Set.of("abc")))).containsExactly(CONTAINER_DIE);
        assertThat(through(Map.of("container", Set.of("db")))).isEmpty();
        assertThat(through(Map.of("network", Set.of("backend")))).containsExactly(NETWORK_CONNECT);
        assertThat(through(Map.of("network", Set.of("net4")))).containsExactly(NETWORK_CONNECT);
    }

    @Test
    void imageMatchesTheContainersImageWithOrWithoutTagAndTheImageId() {
        assertThat(through(Map.of("image", Set.of("busybox")))).containsExactly(CONTAINER_DIE);
        assertThat(through(Map.of("image", Set.of("busybox:latest")))).containsExactly(CONTAINER_DIE);
        assertThat(through(Map.of("image", Set.of("sha256:fff")))).containsExactly(IMAGE_DELETE);
        assertThat(through(Map.of("image", Set.of("alpine")))).isEmpty();
    }

    @Test
    void everyLabelMustBePresentAsKeyOrKeyValue() {
        assertThat(through(Map.of("label", Set.of("com.example.tier")))).containsExactly(CONTAINER_DIE);
        assertThat(through(Map.of("label", Set.of("com.example.tier=front")))).containsExactly(CONTAINER_DIE);
        assertThat(through(Map.of("label", Set.of("com.example.tier=back")))).isEmpty();
        assertThat(through(Map.of("label", Set.of("com.example.tier=front", "other"))))
                .isEmpty();
    }
}
