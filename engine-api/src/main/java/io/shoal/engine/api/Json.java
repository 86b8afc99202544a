package io.shoal.engine.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.io.IOException;
import java.util.Arrays;

/**
 * Docker's JSON conventions in one place: member names are the PascalCase of the Java name (Go's default for exported
 * fields: {@code apiVersion} → {@code ApiVersion}, {@code id} → {@code Id}); unknown members in a request are ignored
 * (the CLI sends dozens of zero-valued fields); a rendered body ends with a newline, as Go's {@code json.Encoder}.
 */
final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {}

    /** {@code value} as UTF-8 JSON followed by {@code \n}. */
    static byte[] render(Object value) {
        try {
            byte[] json = MAPPER.writeValueAsBytes(value);
            byte[] body = Arrays.copyOf(json, json.length + 1);
            body[json.length] = '\n';
            return body;
        } catch (JsonProcessingException e) {
            // Only Shoal's own response types reach here; one that cannot be serialized is a bug.
            throw new IllegalStateException("cannot render " + value.getClass().getName() + " as JSON", e);
        }
    }

    /**
     * Parses {@code body} as a {@code type}.
     *
     * @throws EngineException INVALID_ARGUMENT naming what is wrong and where (line and column)
     */
    static <T> T parse(byte[] body, Class<T> type) throws EngineException {
        if (body.length == 0) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "invalid JSON: request body is empty");
        }
        try {
            return MAPPER.readValue(body, type);
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
