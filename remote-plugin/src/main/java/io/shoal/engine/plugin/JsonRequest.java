package io.shoal.engine.plugin;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverException;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One call's request body, read field by field: each getter checks the field's JSON type and turns anything wrong
 * into an INVALID_ARGUMENT {@link DriverException} whose message names the call and the field and says what to send.
 * Nothing is changed by a request whose fields are read before the call acts, which is how every handler here is
 * written.
 */
final class JsonRequest {
    /**
     * Where this object sits, for messages: empty for the request body (dockerd prefixes every plugin error with the
     * call's name), {@code Interface: } for a nested object.
     */
    private final String call;

    private final JsonNode body;

    private JsonRequest(String call, JsonNode body) {
        this.call = call;
        this.body = body;
    }

    /**
     * Parses {@code bytes} as the JSON object the call takes.
     *
     * @throws DriverException INVALID_ARGUMENT for an empty body, malformed JSON, or JSON that is not an object
     */
    static JsonRequest parse(ObjectMapper json, String call, byte[] bytes) {
        if (bytes.length == 0) {
            throw DriverException.invalid("the request body of " + call + " is empty; send a JSON object");
        }
        JsonNode node;
        try {
            node = json.readTree(bytes);
        } catch (JacksonException e) {
            throw DriverException.invalid(
                    "the request body of " + call + " is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw DriverException.invalid("the request body of " + call + " cannot be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw DriverException.invalid("the request body of " + call + " must be a JSON object, not "
                    + (node == null ? "nothing" : kind(node)));
        }
        return new JsonRequest("", node);
    }

    /** A string field that must be present and non-empty, e.g. {@code NetworkID}. */
    String requiredText(String field) {
        return optionalText(field)
                .orElseThrow(() -> DriverException.invalid(call + field + " is missing or empty; give it"));
    }

    /** A string field that may be absent, null or empty (all three: empty). */
    Optional<String> optionalText(String field) {
        return text(body.get(field), field);
    }

    /** A boolean field; absent or null is false. */
    boolean optionalBool(String field) {
        return bool(body.get(field), field);
    }

    /** An integer field that must be present. */
    int requiredInt(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw DriverException.invalid(call + field + " is missing; give it as a number");
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw DriverException.invalid(call + field + " must be an integer, not " + kind(node));
        }
        return node.intValue();
    }

    /** A field holding a JSON object; absent or null is an empty one. */
    JsonRequest object(String field) {
        return object(body.get(field), field);
    }

    /** A field holding an array of objects; absent or null is an empty array. */
    java.util.List<JsonRequest> objects(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return java.util.List.of();
        }
        if (!node.isArray()) {
            throw DriverException.invalid(call + field + " must be an array, not " + kind(node));
        }
        java.util.List<JsonRequest> out = new java.util.ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(object(node.get(i), field + "[" + i + "]"));
        }
        return out;
    }

    /** A field holding an object of string values (e.g. generic options); absent or null is empty. */
    Map<String, String> stringMap(String field) {
        JsonRequest map = object(field);
        Map<String, String> out = new LinkedHashMap<>();
        map.body.fields().forEachRemaining(e -> {
            JsonNode value = e.getValue();
            if (!value.isTextual()) {
                throw DriverException.invalid(
                        call + field + "." + e.getKey() + " must be a string, not " + kind(value));
            }
            out.put(e.getKey(), value.textValue());
        });
        return out;
    }

    /** An optional CIDR field, e.g. {@code 10.0.0.2/24}. */
    Optional<IpPrefix> optionalPrefix(String field) {
        return optionalText(field).map(text -> {
            try {
                return IpPrefix.parse(text);
            } catch (IllegalArgumentException e) {
                throw DriverException.invalid(
                        call + field + " '" + text + "' is not CIDR (address/length): " + e.getMessage());
            }
        });
    }

    /** An optional address field, e.g. {@code 10.0.0.2}. */
    Optional<InetAddress> optionalAddress(String field) {
        return optionalText(field).map(text -> {
            try {
                return IpAddresses.parse(text);
            } catch (IllegalArgumentException e) {
                throw DriverException.invalid(call + field + " '" + text + "' is not an IP address: " + e.getMessage());
            }
        });
    }

    /** The raw node of a field, for values whose shape a handler checks itself; null when absent. */
    JsonNode raw(String field) {
        return body.get(field);
    }

    /** An error naming this call and {@code field}. */
    DriverException invalid(String field, String problem) {
        return DriverException.invalid(call + field + " " + problem);
    }

    private Optional<String> text(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw DriverException.invalid(call + field + " must be a string, not " + kind(node));
        }
        return node.textValue().isEmpty() ? Optional.empty() : Optional.of(node.textValue());
    }

    private boolean bool(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw DriverException.invalid(call + field + " must be true or false, not " + kind(node));
        }
        return node.booleanValue();
    }

    private JsonRequest object(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return new JsonRequest(call + field + ": ", json().createObjectNode());
        }
        if (!node.isObject()) {
            throw DriverException.invalid(call + field + " must be a JSON object, not " + kind(node));
        }
        return new JsonRequest(call + field + ": ", node);
    }

    private static ObjectMapper json() {
        return Json.MAPPER;
    }

    static String kind(JsonNode node) {
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NULL, MISSING -> "null";
            case BINARY -> "binary data";
        };
    }
}
