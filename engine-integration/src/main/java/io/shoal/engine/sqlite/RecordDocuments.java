package io.shoal.engine.sqlite;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The engine store's document format, written and read over jackson-core's streaming API (the format databind with
 * the jdk8 and jsr310 modules wrote before, which documents already stored are in): a record is an object of its
 * components in alphabetical order, a map an object sorted by key, a collection an array, an {@link Optional} its
 * value or {@code null} when empty, an {@link Instant} ISO-8601 text ({@link Instant#toString}, e.g. {@code
 * 2026-01-02T03:04:05.123456789Z}), an enum its name, strings, booleans and numbers themselves.
 *
 * <p>Reading ignores members a record no longer has; a component the document lacks (or holds {@code null}) becomes
 * an empty {@code Optional}, {@code 0} or {@code false} for a primitive, and {@code null} otherwise, which the
 * record's constructor may refuse. Supported types: the above, with generic {@code List}, {@code Collection} and
 * {@code Map<String, V>} of any of them. Thread-safe.
 */
final class RecordDocuments {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** The components of each record class, sorted by name, with its canonical constructor. */
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    private RecordDocuments() {}

    /** Why a value cannot be written or a document read: the path in the document and what is wrong there. */
    static final class DocumentException extends Exception {
        private static final long serialVersionUID = 1L;

        DocumentException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * {@code value} (a record) as a document.
     *
     * @throws DocumentException naming the component whose value is of a type the format has no form for
     */
    static String write(Object value) throws DocumentException {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            write(json, value, Where.ROOT);
        } catch (IOException e) {
            throw new DocumentException("cannot write the document: " + e.getMessage(), e);
        }
        return text.toString();
    }

    /**
     * The document {@code text} read as a {@code type}.
     *
     * @throws DocumentException for text that is not JSON (with line and column), a member of the wrong JSON type or
     *     an unknown enum name (naming the member's path), or a record constructor that refuses the values
     */
    static <T> T read(String text, Class<T> type) throws DocumentException {
        try (JsonParser json = FACTORY.createParser(text)) {
            json.nextToken();
            return type.cast(read(json, type, Where.ROOT));
        } catch (JacksonException e) {
            var where = e.getLocation();
            throw new DocumentException(
                    where == null
                            ? e.getOriginalMessage()
                            : e.getOriginalMessage() + " at line " + where.getLineNr() + ", column "
                                    + where.getColumnNr(),
                    e);
        } catch (IOException e) {
            throw new DocumentException("cannot read the document: " + e.getMessage(), e);
        }
    }

    private static void write(JsonGenerator json, Object value, Where path) throws IOException, DocumentException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            json.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Enum<?> constant) {
            json.writeString(constant.name());
        } else if (value instanceof Instant instant) {
            json.writeString(instant.toString());
        } else if (value instanceof Optional<?> optional) {
            write(json, optional.orElse(null), path);
        } else if (value instanceof Map<?, ?> map) {
            writeMap(json, map, path);
        } else if (value instanceof Collection<?> items) {
            json.writeStartArray();
            int index = 0;
            for (Object item : items) {
                write(json, item, path.item(index++));
            }
            json.writeEndArray();
        } else if (value.getClass().isRecord()) {
            writeRecord(json, value, path);
        } else {
            throw new DocumentException(
                    (path.isEmpty() ? "the record" : path) + " is a "
                            + value.getClass().getName() + ", which a document has no form for",
                    null);
        }
    }

    private static void writeMap(JsonGenerator json, Map<?, ?> map, Where path) throws IOException, DocumentException {
        TreeMap<String, Object> sorted = new TreeMap<>();
        map.forEach((key, item) -> sorted.put(String.valueOf(key), item));
        json.writeStartObject();
        for (Map.Entry<String, Object> entry : sorted.entrySet()) {
            json.writeFieldName(entry.getKey());
            write(json, entry.getValue(), path.member(entry.getKey()));
        }
        json.writeEndObject();
    }

    private static void writeRecord(JsonGenerator json, Object value, Where path)
            throws IOException, DocumentException {
        Shape shape = SHAPES.get(value.getClass());
        json.writeStartObject();
        for (int index = 0; index < shape.names.length; index++) {
            json.writeFieldName(shape.names[index]);
            write(json, shape.valueOf(index, value), path.member(shape.names[index].getValue()));
        }
        json.writeEndObject();
    }

    private static Object read(JsonParser json, Type type, Where path) throws IOException, DocumentException {
        Class<?> raw = rawClass(type);
        if (json.currentToken() == JsonToken.VALUE_NULL) {
            return absent(raw);
        }
        if (raw == Optional.class) {
            return Optional.of(read(json, typeArgument(type, 0), path));
        }
        if (raw == String.class) {
            return expect(json, JsonToken.VALUE_STRING, "a string", path).getText();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            if (!json.currentToken().isBoolean()) {
                throw wrong(json, "true or false", path);
            }
            return json.getBooleanValue();
        }
        if (raw == int.class || raw == Integer.class) {
            return expect(json, JsonToken.VALUE_NUMBER_INT, "an integer", path).getIntValue();
        }
        if (raw == long.class || raw == Long.class) {
            return expect(json, JsonToken.VALUE_NUMBER_INT, "an integer", path).getLongValue();
        }
        if (raw == double.class || raw == Double.class) {
            if (!json.currentToken().isNumeric()) {
                throw wrong(json, "a number", path);
            }
            return json.getDoubleValue();
        }
        if (raw == Instant.class) {
            return instant(
                    expect(json, JsonToken.VALUE_STRING, "ISO-8601 text", path).getText(), path);
        }
        if (raw.isEnum()) {
            return constant(
                    raw, expect(json, JsonToken.VALUE_STRING, "a name", path).getText(), path);
        }
        if (raw == List.class || raw == Collection.class) {
            return readList(json, typeArgument(type, 0), path);
        }
        if (raw == Map.class) {
            return readMap(json, typeArgument(type, 1), path);
        }
        if (raw.isRecord()) {
            return readRecord(json, raw, path);
        }
        throw new DocumentException(path + " is a " + type.getTypeName() + ", which a document has no form for", null);
    }

    private static List<Object> readList(JsonParser json, Type item, Where path) throws IOException, DocumentException {
        expect(json, JsonToken.START_ARRAY, "an array", path);
        List<Object> items = new ArrayList<>();
        while (json.nextToken() != JsonToken.END_ARRAY) {
            items.add(read(json, item, path.item(items.size())));
        }
        return items;
    }

    private static Map<String, Object> readMap(JsonParser json, Type value, Where path)
            throws IOException, DocumentException {
        expect(json, JsonToken.START_OBJECT, "an object", path);
        Map<String, Object> map = new LinkedHashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String key = json.currentName();
            json.nextToken();
            map.put(key, read(json, value, path.member(key)));
        }
        return map;
    }

    private static Object readRecord(JsonParser json, Class<?> type, Where path) throws IOException, DocumentException {
        expect(json, JsonToken.START_OBJECT, "an object", path);
        Shape shape = SHAPES.get(type);
        Object[] values = new Object[shape.components.size()];
        boolean[] seen = new boolean[values.length];
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            int index = shape.indexOf(name);
            if (index < 0) {
                json.skipChildren(); // a component the record no longer has
                continue;
            }
            values[index] = read(json, shape.components.get(index).getGenericType(), path.member(name));
            seen[index] = true;
        }
        for (int index = 0; index < values.length; index++) {
            if (!seen[index]) {
                values[index] = absent(shape.components.get(index).getType());
            }
        }
        return shape.construct(values, path);
    }

    /** The value of a component the document lacks or holds as {@code null}. */
    private static Object absent(Class<?> type) {
        if (type == Optional.class) {
            return Optional.empty();
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0.0;
        }
        return null;
    }

    private static Instant instant(String text, Where path) throws DocumentException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new DocumentException(path + " is not an ISO-8601 instant: " + text, e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object constant(Class<?> type, String name, Where path) throws DocumentException {
        try {
            return Enum.valueOf((Class<? extends Enum>) type, name);
        } catch (IllegalArgumentException e) {
            throw new DocumentException(
                    path + " is " + name + ", not one of " + Arrays.toString(type.getEnumConstants()), e);
        }
    }

    private static JsonParser expect(JsonParser json, JsonToken token, String what, Where path)
            throws DocumentException {
        if (json.currentToken() != token) {
            throw wrong(json, what, path);
        }
        return json;
    }

    private static DocumentException wrong(JsonParser json, String what, Where path) {
        return new DocumentException(
                (path.isEmpty() ? "the document" : path) + " must be " + what + ", not " + json.currentToken()
                        + " (line " + json.currentLocation().getLineNr() + ", column "
                        + json.currentLocation().getColumnNr() + ")",
                null);
    }

    /**
     * Where in a document a value is ({@code networks[0].settings.aliases}), for error messages only: built as a
     * chain of links and spelled out only when a message needs it (formatting each member's path up front cost a
     * string per component of every record written or read).
     */
    private static final class Where {
        static final Where ROOT = new Where(null, null, -1);

        private final Where parent;
        private final String name;
        private final int index;

        private Where(Where parent, String name, int index) {
            this.parent = parent;
            this.name = name;
            this.index = index;
        }

        /** A record's component or a map's entry. */
        Where member(String member) {
            return new Where(this, member, -1);
        }

        /** A collection's item. */
        Where item(int position) {
            return new Where(this, null, position);
        }

        boolean isEmpty() {
            return parent == null;
        }

        @Override
        public String toString() {
            if (parent == null) {
                return "";
            }
            String before = parent.toString();
            if (name == null) {
                return before + "[" + index + "]";
            }
            return before.isEmpty() ? name : before + "." + name;
        }
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> plain) {
            return plain;
        }
        if (type instanceof ParameterizedType generic) {
            return (Class<?>) generic.getRawType();
        }
        throw new IllegalArgumentException("a document has no form for " + type.getTypeName());
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType generic) {
            return generic.getActualTypeArguments()[index];
        }
        throw new IllegalArgumentException("a document needs the type arguments of " + type.getTypeName());
    }

    /**
     * A record class's components in alphabetical order, their names as the generator writes them and their accessors
     * (made accessible once: {@code setAccessible} at every read ran the module access check each time), and its
     * canonical constructor.
     */
    private static final class Shape {
        final List<RecordComponent> components;
        final SerializedString[] names;
        private final Method[] accessors;
        private final Map<String, Integer> indexes = new LinkedHashMap<>();
        private final Constructor<?> constructor;
        /** Constructor position of each sorted component. */
        private final int[] positions;

        private Shape(RecordComponent[] declared, Constructor<?> constructor) {
            this.components = Arrays.stream(declared)
                    .sorted(Comparator.comparing(RecordComponent::getName))
                    .toList();
            this.constructor = constructor;
            this.positions = new int[declared.length];
            this.names = new SerializedString[declared.length];
            this.accessors = new Method[declared.length];
            for (int sorted = 0; sorted < components.size(); sorted++) {
                RecordComponent component = components.get(sorted);
                indexes.put(component.getName(), sorted);
                positions[sorted] = Arrays.asList(declared).indexOf(component);
                names[sorted] = new SerializedString(component.getName());
                accessors[sorted] = component.getAccessor();
                accessors[sorted].setAccessible(true);
            }
        }

        static Shape of(Class<?> type) {
            RecordComponent[] declared = type.getRecordComponents();
            Class<?>[] parameters =
                    Arrays.stream(declared).map(RecordComponent::getType).toArray(Class<?>[]::new);
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(parameters);
                constructor.setAccessible(true);
                return new Shape(declared, constructor);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
            }
        }

        int indexOf(String name) {
            return indexes.getOrDefault(name, -1);
        }

        /** The value of the sorted component {@code index} of {@code record}. */
        Object valueOf(int index, Object record) throws DocumentException {
            try {
                return accessors[index].invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new DocumentException("cannot read " + names[index].getValue() + " of " + record.getClass(), e);
            }
        }

        /** A record of {@code values} (in sorted order). */
        Object construct(Object[] values, Where path) throws DocumentException {
            Object[] arguments = new Object[values.length];
            for (int sorted = 0; sorted < values.length; sorted++) {
                arguments[positions[sorted]] = values[sorted];
            }
            try {
                return constructor.newInstance(arguments);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw new DocumentException(
                        (path.isEmpty() ? "the document" : path) + " does not make a "
                                + constructor.getDeclaringClass().getSimpleName() + ": " + cause,
                        cause);
            } catch (ReflectiveOperationException e) {
                throw new DocumentException(
                        "cannot make a " + constructor.getDeclaringClass().getName(), e);
            }
        }
    }
}
