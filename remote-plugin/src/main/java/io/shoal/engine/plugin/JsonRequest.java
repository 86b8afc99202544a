package io.shoal.engine.plugin;

import com.fasterxml.jackson.core.JacksonException;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverException;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One call's request body, read field by field: each getter checks the field's JSON type and turns anything wrong
 * into an INVALID_ARGUMENT {@link DriverException} whose message names the call and the field and says what to send.
 * Nothing is changed by a request whose fields are read before the call acts, which is how every handler here is
 * written. The body is a map of {@link Json}'s tree.
 */
final class JsonRequest {
    /**
     * Where this object sits, for messages: empty for the request body (dockerd prefixes every plugin error with the
     * call's name), {@code Interface: } for a nested object.
     */
    private final String call;

    private final Map<?, ?> body;

    private JsonRequest(String call, Map<?, ?> body) {
        this.call = call;
        this.body = body;
    }

    /**
     * Parses {@code bytes} as the JSON object the call takes.
     *
     * @throws DriverException INVALID_ARGUMENT for an empty body, malformed JSON, or JSON that is not an object
     */
    static JsonRequest parse(String call, byte[] bytes) {
        if (bytes.length == 0) {
            throw DriverException.invalid("the request body of " + call + " is empty; send a JSON object");
        }
        Object node;
        try {
            node = Json.JR.anyFrom(bytes);
        } catch (JacksonException e) {
            throw DriverException.invalid(
                    "the request body of " + call + " is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw DriverException.invalid("the request body of " + call + " cannot be read: " + e.getMessage());
        }
        if (!(node instanceof Map<?, ?> object)) {
            throw DriverException.invalid("the request body of " + call + " must be a JSON object, not " + kind(node));
        }
        return new JsonRequest("", object);
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
        Object node = body.get(field);
        if (node == null) {
            throw DriverException.invalid(call + field + " is missing; give it as a number");
        }
        boolean integral = node instanceof Integer
                || (node instanceof Long number && number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE);
        if (!integral) {
            throw DriverException.invalid(call + field + " must be an integer, not " + kind(node));
        }
        return ((Number) node).intValue();
    }

    /** A field holding a JSON object; absent or null is an empty one. */
    JsonRequest object(String field) {
        return object(body.get(field), field);
    }

    /** A field holding an array of objects; absent or null is an empty array. */
    List<JsonRequest> objects(String field) {
        Object node = body.get(field);
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof List<?> array)) {
            throw DriverException.invalid(call + field + " must be an array, not " + kind(node));
        }
        List<JsonRequest> out = new java.util.ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            out.add(object(array.get(i), field + "[" + i + "]"));
        }
        return out;
    }

    /** A field holding an object of string values (e.g. generic options); absent or null is empty. */
    Map<String, String> stringMap(String field) {
        JsonRequest map = object(field);
        Map<String, String> out = new LinkedHashMap<>();
        map.body.forEach((key, value) -> {
            if (!(value instanceof String text)) {
                throw DriverException.invalid(call + field + "." + key + " must be a string, not " + kind(value));
            }
            out.put((String) key, text);
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

    /** The raw value of a field ({@link Json}'s tree), for values whose shape a handler checks itself; null when absent or null. */
    Object raw(String field) {
        return body.get(field);
    }

    /** An error naming this call and {@code field}. */
    DriverException invalid(String field, String problem) {
        return DriverException.invalid(call + field + " " + problem);
    }

    private Optional<String> text(Object node, String field) {
        if (node == null) {
            return Optional.empty();
        }
        if (!(node instanceof String text)) {
            throw DriverException.invalid(call + field + " must be a string, not " + kind(node));
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private boolean bool(Object node, String field) {
        if (node == null) {
            return false;
        }
        if (!(node instanceof Boolean flag)) {
            throw DriverException.invalid(call + field + " must be true or false, not " + kind(node));
        }
        return flag;
    }

    private JsonRequest object(Object node, String field) {
        if (node == null) {
            return new JsonRequest(call + field + ": ", Map.of());
        }
        if (!(node instanceof Map<?, ?> object)) {
            throw DriverException.invalid(call + field + " must be a JSON object, not " + kind(node));
        }
        return new JsonRequest(call + field + ": ", object);
    }

    /** What kind of JSON value {@code node} of {@link Json}'s tree is, for messages ({@code a string}, {@code null}). */
    static String kind(Object node) {
        if (node == null) {
            return "null";
        }
        if (node instanceof String) {
            return "a string";
        }
        if (node instanceof Number) {
            return "a number";
        }
        if (node instanceof Boolean) {
            return "a boolean";
        }
        return node instanceof List<?> ? "an array" : "an object";
    }
}
