package io.shoal.engine.api;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.filter.Filters;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes the {@code filters} query parameter (moby's {@code api/types/filters.FromJSON}): the map-of-sets form the
 * docker CLI sends, {@code {"name":{"foo":true},"label":{"a=b":true}}} (every member of a key's object is a value,
 * whatever its boolean), and the legacy form docker-py and docker-java send, {@code {"label":["a=b","c"]}}.
 */
final class FilterQuery {
    private FilterQuery() {}

    /**
     * The filters in {@code json}; none for empty text.
     *
     * @throws EngineException INVALID_ARGUMENT for text that is not JSON, or not an object of arrays or objects of
     *     strings
     */
    static Filters decode(String json) throws EngineException {
        if (json.isBlank()) {
            return Filters.none();
        }
        Object root = Json.parse(json.getBytes(StandardCharsets.UTF_8));
        if (root == null) {
            return Filters.none();
        }
        if (!(root instanceof Map<?, ?> object)) {
            throw invalid(json);
        }
        Map<String, Set<String>> terms = new LinkedHashMap<>();
        for (Map.Entry<?, ?> field : object.entrySet()) {
            Set<String> values = new LinkedHashSet<>();
            Object value = field.getValue();
            if (value instanceof List<?> array) {
                for (Object item : array) {
                    if (!(item instanceof String text)) {
                        throw invalid(json);
                    }
                    values.add(text);
                }
            } else if (value instanceof Map<?, ?> set) {
                set.keySet().forEach(key -> values.add((String) key));
            } else if (value != null) {
                throw invalid(json);
            }
            terms.put((String) field.getKey(), values);
        }
        return new Filters(terms);
    }

    private static EngineException invalid(String json) {
        return new EngineException(
                ErrorKind.INVALID_ARGUMENT,
                "invalid filters: " + json + " (expected {\"key\":{\"value\":true}} or {\"key\":[\"value\"]})");
    }
}
