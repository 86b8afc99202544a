package io.shoal.engine.api;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON object of a request body read leniently, as Go's decoder reads Docker's structs: a member that is absent or
 * {@code null} takes the zero value, unknown members are ignored, and a member of the wrong type is refused with 400
 * naming it (its path from the body's root, e.g. {@code HostConfig.Dns}). Member names are matched exactly
 * (docker-java sends {@code enableIPv6} beside {@code EnableIPv6}; only the latter counts). The object is a map of
 * {@link Json#parse}'s tree.
 */
public final class JsonBody {
    private final Map<?, ?> node;
    private final String path;

    private JsonBody(Map<?, ?> node, String path) {
        this.node = node;
        this.path = path;
    }

    /** An empty object. */
    static JsonBody empty() {
        return new JsonBody(Map.of(), "");
    }

    /**
     * The body {@code root}.
     *
     * @throws EngineException INVALID_ARGUMENT when it is not an object
     */
    static JsonBody of(Object root) throws EngineException {
        if (!(root instanceof Map<?, ?> object)) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "invalid JSON: the body must be a JSON object");
        }
        return new JsonBody(object, "");
    }

    /** A member's value, null when absent or null. */
    private Object member(String name) {
        return node.get(name);
    }

    /** {@code value} as a long if it is a JSON integer that fits one, else null (a fraction, a huge number, text). */
    private static Long integral(Object value) {
        return value instanceof Integer || value instanceof Long ? ((Number) value).longValue() : null;
    }

    private String where(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private EngineException wrongType(String name, String expected) {
        return new EngineException(ErrorKind.INVALID_ARGUMENT, "invalid JSON: " + where(name) + " must be " + expected);
    }

    /** Whether {@code name} is present and not null. */
    public boolean has(String name) {
        return member(name) != null;
    }

    /** A string member; {@code ""} when absent or null. */
    public String string(String name) throws EngineException {
        Object value = member(name);
        if (value == null) {
            return "";
        }
        if (!(value instanceof String text)) {
            throw wrongType(name, "a string");
        }
        return text;
    }

    /** A boolean member; false when absent or null. */
    public boolean bool(String name) throws EngineException {
        Object value = member(name);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean flag)) {
            throw wrongType(name, "true or false");
        }
        return flag;
    }

    /** A boolean member that may be absent (Go's {@code *bool}). */
    public Optional<Boolean> optionalBool(String name) throws EngineException {
        return has(name) ? Optional.of(bool(name)) : Optional.empty();
    }

    /** An integer member; absent when absent or null. */
    public Optional<Long> integer(String name) throws EngineException {
        Object value = member(name);
        if (value == null) {
            return Optional.empty();
        }
        Long number = integral(value);
        if (number == null) {
            throw wrongType(name, "an integer");
        }
        return Optional.of(number);
    }

    /** An integer member that must fit an int (Go's {@code int} fields such as {@code StopTimeout}). */
    public Optional<Integer> intValue(String name) throws EngineException {
        Optional<Long> value = integer(name);
        if (value.isPresent() && (value.get() < Integer.MIN_VALUE || value.get() > Integer.MAX_VALUE)) {
            throw wrongType(name, "an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
        }
        return value.map(Long::intValue);
    }

    /**
     * A list of strings; empty when absent or null. A single string counts as a list of one, as Docker's {@code
     * StrSlice} ({@code Cmd}, {@code Entrypoint}) reads it.
     */
    public List<String> strings(String name) throws EngineException {
        Object value = member(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String text) {
            return List.of(text);
        }
        if (!(value instanceof List<?> array)) {
            throw wrongType(name, "an array of strings");
        }
        List<String> items = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String text)) {
                throw wrongType(name, "an array of strings");
            }
            items.add(text);
        }
        return items;
    }

    /**
     * A list of non-negative integers ({@code ConsoleSize: [rows, columns]}); empty when absent or null.
     */
    public List<Integer> naturals(String name) throws EngineException {
        Object value = member(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> array)) {
            throw wrongType(name, "an array of numbers");
        }
        List<Integer> items = new ArrayList<>();
        for (Object item : array) {
            Long number = integral(item);
            if (number == null || number < 0 || number > Integer.MAX_VALUE) {
                throw wrongType(name, "an array of numbers");
            }
            items.add(number.intValue());
        }
        return items;
    }

    /** A map of strings (labels, options), in the body's order; empty when absent or null. */
    public Map<String, String> stringMap(String name) throws EngineException {
        Object value = member(name);
        Map<String, String> map = new LinkedHashMap<>();
        if (value == null) {
            return map;
        }
        if (!(value instanceof Map<?, ?> object)) {
            throw wrongType(name, "an object of strings");
        }
        for (Map.Entry<?, ?> field : object.entrySet()) {
            if (field.getValue() == null) {
                continue;
            }
            if (!(field.getValue() instanceof String text)) {
                throw wrongType(name + "." + field.getKey(), "a string");
            }
            map.put((String) field.getKey(), text);
        }
        return map;
    }

    /** An object member; an empty object when absent or null. */
    public JsonBody object(String name) throws EngineException {
        Object value = member(name);
        if (value == null) {
            return new JsonBody(Map.of(), where(name));
        }
        if (!(value instanceof Map<?, ?> object)) {
            throw wrongType(name, "an object");
        }
        return new JsonBody(object, where(name));
    }

    /** The members of an object member by name (a map of objects such as {@code EndpointsConfig}), in order. */
    public Map<String, JsonBody> objects(String name) throws EngineException {
        JsonBody map = object(name);
        Map<String, JsonBody> members = new LinkedHashMap<>();
        for (Object key : map.node.keySet()) {
            members.put((String) key, map.object((String) key));
        }
        return members;
    }

    /** The names of an object member's members (the keys of {@code ExposedPorts}), in order. */
    public List<String> keys(String name) throws EngineException {
        List<String> keys = new ArrayList<>();
        for (Object key : object(name).node.keySet()) {
            keys.add((String) key);
        }
        return keys;
    }

    /** The items of an array of objects ({@code IPAM.Config}); empty when absent or null. */
    public List<JsonBody> objectList(String name) throws EngineException {
        Object value = member(name);
        List<JsonBody> items = new ArrayList<>();
        if (value == null) {
            return items;
        }
        if (!(value instanceof List<?> array)) {
            throw wrongType(name, "an array of objects");
        }
        int index = 0;
        for (Object item : array) {
            String at = where(name) + "[" + index++ + "]";
            if (item == null) {
                continue;
            }
            if (!(item instanceof Map<?, ?> object)) {
                throw new EngineException(ErrorKind.INVALID_ARGUMENT, "invalid JSON: " + at + " must be an object");
            }
            items.add(new JsonBody(object, at));
        }
        return items;
    }

    /** Where this object sits in the body ({@code ""} for the root). */
    public String path() {
        return path;
    }
}
