package io.shoal.engine.container;

import io.shoal.engine.events.EngineEvent;
import io.shoal.engine.events.EventSink;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container's events as Docker writes them ({@code daemon/events.go LogContainerEventWithAttributes}): the actor
 * is the container, its attributes its labels, then {@code image} (as the user named it) and {@code name}, then the
 * action's own ({@code exitCode} of {@code die}, {@code signal} of {@code kill}).
 */
final class ContainerEvents {
    final EventSink sink = new EventSink();

    void publish(String action, ContainerRecord record) {
        publish(action, record, Map.of());
    }

    void publish(String action, ContainerRecord record, Map<String, String> extra) {
        Map<String, String> attributes = new LinkedHashMap<>(record.spec().labels());
        attributes.put("image", record.image());
        attributes.put("name", record.name());
        attributes.putAll(extra);
        sink.publish(EngineEvent.CONTAINER, action, record.id(), attributes);
    }
}
