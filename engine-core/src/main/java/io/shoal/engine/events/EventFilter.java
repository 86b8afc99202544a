package io.shoal.engine.events;

import io.shoal.engine.filter.Filters;
import java.util.List;
import java.util.Set;

/**
 * Which events a {@code docker events --filter} lets through, with moby's rules ({@code daemon/events/filter.go}):
 * every key given must match. {@code type}, {@code event} and {@code scope} match exactly; {@code container}, {@code
 * network}, {@code daemon}, {@code volume}, {@code plugin}, {@code node}, {@code service}, {@code secret} and {@code
 * config} match an event of that type whose actor id or {@code name} attribute equals a value or starts with it (so
 * {@code container=web} lets no network event through); {@code image} matches the actor id or its image name (a
 * container's {@code image}, an image's {@code name}), with or without tag; each {@code label} value ({@code key} or
 * {@code key=value}) must be among the attributes. Other keys are ignored, as Docker does.
 */
public final class EventFilter {
    private static final List<String> NAMED_TYPES =
            List.of("container", "network", "daemon", "volume", "plugin", "node", "service", "secret", "config");

    private final Filters filters;

    private EventFilter(Filters filters) {
        this.filters = filters;
    }

    /** The filter of {@code filters}; {@link Filters#none()} lets everything through. */
    public static EventFilter of(Filters filters) {
        return new EventFilter(filters);
    }

    /** Whether {@code event} passes. */
    public boolean includes(EngineEvent event) {
        return exact("type", event.type())
                && exact("event", actionName(event.action()))
                && exact("scope", "local")
                && NAMED_TYPES.stream().allMatch(type -> named(type, event))
                && image(event)
                && labels(event);
    }

    /** {@code exec_start: sh} is filtered as {@code exec_start}. */
    private static String actionName(String action) {
        int colon = action.indexOf(':');
        return colon < 0 ? action : action.substring(0, colon);
    }

    private boolean exact(String key, String value) {
        return !filters.has(key) || filters.values(key).contains(value);
    }

    private boolean named(String type, EngineEvent event) {
        if (!filters.has(type)) {
            return true;
        }
        if (!event.type().equals(type)) {
            return false;
        }
        String name = event.attributes().getOrDefault("name", "");
        for (String value : filters.values(type)) {
            if (event.actorId().startsWith(value) || (!name.isEmpty() && name.startsWith(value))) {
                return true;
            }
        }
        return false;
    }

    private boolean image(EngineEvent event) {
        if (!filters.has("image")) {
            return true;
        }
        String name = event.attributes().getOrDefault(event.type().equals(EngineEvent.IMAGE) ? "name" : "image", "");
        Set<String> values = filters.values("image");
        return values.contains(event.actorId())
                || values.contains(name)
                || values.contains(withoutTag(event.actorId()))
                || values.contains(withoutTag(name));
    }

    /** {@code busybox:latest} → {@code busybox}; a registry's port ({@code host:5000/x}) is not a tag. */
    private static String withoutTag(String reference) {
        int colon = reference.lastIndexOf(':');
        return colon > reference.lastIndexOf('/') ? reference.substring(0, colon) : reference;
    }

    private boolean labels(EngineEvent event) {
        for (String label : filters.values("label")) {
            int equals = label.indexOf('=');
            boolean present = equals < 0
                    ? event.attributes().containsKey(label)
                    : label.substring(equals + 1).equals(event.attributes().get(label.substring(0, equals)));
            if (!present) {
                return false;
            }
        }
        return true;
    }
}
