package io.shoal.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.filter.Filters;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Query parameters: booleans, integers and both forms of {@code filters}. */
class QueryParsingTest {
    private static Request request(String uri) {
        QueryStringDecoder decoded = new QueryStringDecoder(uri);
        return new Request(
                HttpMethod.GET,
                decoded.path(),
                ApiVersion.MAX,
                decoded.parameters(),
                new DefaultHttpHeaders(),
                new byte[0],
                Map.of());
    }

    @ParameterizedTest
    @CsvSource({
        "1,true",
        "true,true",
        "True,true",
        "yes,true",
        "0,false",
        "false,false",
        "False,false",
        "no,false",
        "none,false",
        "'',false"
    })
    void booleansAsDockerClientsSendThem(String text, boolean expected) throws EngineException {
        assertThat(request("/x?force=" + text).queryBoolean("force", !expected)).isEqualTo(expected);
    }

    @Test
    void anAbsentBooleanTakesTheFallback() throws EngineException {
        assertThat(request("/x").queryBoolean("force", true)).isTrue();
        assertThat(request("/x").queryBoolean("force", false)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "2", "on"})
    void anyOtherBooleanTextIs400(String text) {
        assertThatThrownBy(() -> request("/x?force=" + text).queryBoolean("force", false))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("force")
                .satisfies(e -> assertThat(((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }

    @Test
    void integersAndTheirRefusal() throws EngineException {
        assertThat(request("/x?limit=-1").queryInteger("limit")).hasValue(-1L);
        assertThat(request("/x?limit=").queryInteger("limit")).isEmpty();
        assertThatThrownBy(() -> request("/x?t=ten").queryInteger("t"))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("t: \"ten\"");
    }

    @Test
    void filtersInTheCliMapOfSetsForm() throws EngineException {
        Filters filters = FilterQuery.decode("{\"name\":{\"web\":true},\"label\":{\"a=b\":true,\"c\":true}}");
        assertThat(filters.terms()).isEqualTo(Map.of("name", Set.of("web"), "label", Set.of("a=b", "c")));
    }

    @Test
    void filtersInTheLegacyListForm() throws EngineException {
        Filters filters =
                FilterQuery.decode("{\"label\": [\"com.docker.compose.oneoff=False\", \"x\"], \"status\": []}");
        assertThat(filters.terms())
                .isEqualTo(Map.of("label", Set.of("com.docker.compose.oneoff=False", "x"), "status", Set.of()));
    }

    @Test
    void aPlusInTheQueryIsASpaceAsDockerPySendsIt() throws EngineException {
        Filters filters =
                request("/x?filters=%7B%22label%22%3A+%5B%22a%3Db%22%5D%7D").filters();
        assertThat(filters.values("label")).containsExactly("a=b");
    }

    @Test
    void emptyFiltersAreNone() throws EngineException {
        assertThat(FilterQuery.decode("").terms()).isEmpty();
        assertThat(request("/x").filters().terms()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":", "[\"name\"]", "{\"name\":\"web\"}", "{\"name\":[1]}", "not json"})
    void malformedFiltersAre400(String json) {
        assertThatThrownBy(() -> FilterQuery.decode(json))
                .isInstanceOf(EngineException.class)
                .satisfies(e -> assertThat(((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }
}
