package io.shoal.engine.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.jr.ob.JSON;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.io.IOException;
import java.util.Arrays;

/**
 * Docker's JSON conventions in one place, over jackson-jr's maps and lists (no data binding: databind alone loaded
 * ~700 classes, docs/performance.md). A response is a tree of {@link java.util.Map}s (a {@link JsonMap} carries
 * Docker's exact member names and order), {@link java.util.Collection}s, strings, numbers, booleans, enums (by name)
 * and nulls (written as {@code null}, as Go writes nil slices, maps and pointers); anything else is a bug and fails.
 * A rendered body ends with a newline, as Go's {@code json.Encoder}. A request is read as such a tree; {@link JsonBody}
 * reads its members leniently.
 */
final class Json {
    /**
     * Writing: nulls kept, and no bean introspection (an unknown type fails instead of being guessed at). Reading:
     * objects as insertion-ordered {@link java.util.LinkedHashMap}s, a repeated member's last value wins (as in Go's
     * decoder).
     */
    private static final JSON JR = JSON.std
            .with(JSON.Feature.WRITE_NULL_PROPERTIES, JSON.Feature.FAIL_ON_UNKNOWN_TYPE_WRITE)
            .without(
                    JSON.Feature.HANDLE_JAVA_BEANS,
                    JSON.Feature.USE_DEFERRED_MAPS,
                    JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS);

    private Json() {}

    /** {@code value} (a tree as above) as UTF-8 JSON followed by {@code \n}. */
    static byte[] render(Object value) {
        try {
            byte[] json = JR.asBytes(value);
            byte[] body = Arrays.copyOf(json, json.length + 1);
            body[json.length] = '\n';
            return body;
        } catch (IOException e) {
            // Only Shoal's own response trees reach here; one that cannot be written is a bug.
            throw new IllegalStateException("cannot render " + value.getClass().getName() + " as JSON", e);
        }
    }

    /**
     * Parses {@code body} as one JSON value: a {@link java.util.Map} for an object, a {@link java.util.List} for an
     * array, a {@link String}, a {@link Number} (Integer, Long or BigInteger for an integer; Double otherwise), a
     * {@link Boolean}, or null for {@code null}. What follows the value is ignored, as databind did.
     *
     * @throws EngineException INVALID_ARGUMENT naming what is wrong and where (line and column)
     */
    static Object parse(byte[] body) throws EngineException {
        if (body.length == 0) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "invalid JSON: request body is empty");
        }
        try {
            return JR.anyFrom(body);
        } catch (JacksonException e) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "invalid JSON: " + describe(e), e);
        } catch (IOException e) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "invalid JSON: " + e.getMessage(), e);
        }
    }

    private static String describe(JacksonException e) {
        JsonLocation where = e.getLocation();
        String what = e.getOriginalMessage();
        return where == null ? what : what + " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    }
}
