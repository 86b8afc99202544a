package io.shoal.engine.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One event of Docker's {@code events.Message}: the object's type ({@code container}, {@code network}, {@code
 * image}), the action ({@code create}, {@code die}, {@code connect}, …), the actor (the object's id and attributes:
 * a container's {@code name}, {@code image} and labels, a network's {@code name} and {@code type}, …) and the time it
 * happened. Scope is always {@code local}.
 */
public record EngineEvent(String type, String action, String actorId, Map<String, String> attributes, Instant time) {
    public static final String CONTAINER = "container";
    public static final String NETWORK = "network";
    public static final String IMAGE = "image";

    public EngineEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actorId, "actorId");
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(time, "time");
    }
}
