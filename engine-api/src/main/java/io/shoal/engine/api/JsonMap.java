package io.shoal.engine.api;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object under construction with Docker's exact member names, in Docker's order ({@link Json} writes a map's
 * keys verbatim). Null values are written as {@code null}, as Go writes
 * nil slices, maps and pointers.
 */
final class JsonMap extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;

    /** Adds {@code name: value}. */
    JsonMap with(String name, Object value) {
        put(name, value);
        return this;
    }

    /** Adds every member of {@code members}, in their order. */
    JsonMap withAll(Map<String, ?> members) {
        putAll(members);
        return this;
    }

    /** Adds {@code name: value} unless the value is null or an empty text, list or map (Go's {@code omitempty}). */
    JsonMap withNonEmpty(String name, Object value) {
        boolean empty = value == null
                || (value instanceof String text && text.isEmpty())
                || (value instanceof Collection<?> list && list.isEmpty())
                || (value instanceof Map<?, ?> map && map.isEmpty());
        if (!empty) {
            put(name, value);
        }
        return this;
    }
}
