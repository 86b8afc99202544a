package io.shoal.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.filter.Filters;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
        JsonNode root = Json.parse(json.getBytes(StandardCharsets.UTF_8), JsonNode.class);
        if (root.isNull()) {
            return Filters.none();
        }
        if (!root.isObject()) {
            throw invalid(json);
        }
        Map<String, Set<String>> terms = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            Set<String> values = new LinkedHashSet<>();
            JsonNode value = field.getValue();
            if (value.isArray()) {
                for (JsonNode item : value) {
                    if (!item.isTextual()) {
                        throw invalid(json);
                    }
                    values.add(item.asText());
                }
            } else if (value.isObject()) {
                value.fieldNames().forEachRemaining(values::add);
            } else if (!value.isNull()) {
                throw invalid(json);
            }
            terms.put(field.getKey(), values);
        }
        return new Filters(terms);
    }

    private static EngineException invalid(String json) {
        return new EngineException(
                ErrorKind.INVALID_ARGUMENT,
                "invalid filters: " + json + " (expected {\"key\":{\"value\":true}} or {\"key\":[\"value\"]})");
    }
}
