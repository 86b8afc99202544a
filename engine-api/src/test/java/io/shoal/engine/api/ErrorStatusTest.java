package io.shoal.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.errors.ErrorKind;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorStatusTest {
    /** The statuses of moby's api/server/httpstatus, written out independently of the switch under test. */
    private static final Map<ErrorKind, Integer> EXPECTED = new EnumMap<>(Map.of(
            ErrorKind.INSUFFICIENT_STORAGE, 507,
            ErrorKind.NOT_FOUND, 404,
            ErrorKind.CONFLICT, 409,
            ErrorKind.INVALID_ARGUMENT, 400,
            ErrorKind.FORBIDDEN, 403,
            ErrorKind.UNAVAILABLE, 503,
            ErrorKind.NOT_IMPLEMENTED, 501,
            ErrorKind.NOT_MODIFIED, 304,
            ErrorKind.INTERNAL, 500));

    @Test
    void everyKindHasItsStatus() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(ErrorKind.values());
        for (ErrorKind kind : ErrorKind.values()) {
            assertThat(ErrorStatus.of(kind).code()).as(kind.name()).isEqualTo(EXPECTED.get(kind));
        }
    }

    @Test
    void anErrorResponseCarriesTheKindsStatusAndDockersShape() {
        Response response = Response.error(ErrorKind.CONFLICT, "name \"web\" is in use");

        assertThat(response.status().code()).isEqualTo(409);
        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"message\":\"name \\\"web\\\" is in use\"}\n");
    }
}
