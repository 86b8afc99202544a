package io.shoal.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Docker endpoints Shoal lacks answer 501 naming the command, not 404 {@code page not found}. */
class UnsupportedRoutesTest {
    private final Router router = UnsupportedRoutes.addTo(Router.builder()).build();

    @ParameterizedTest
    @CsvSource({
        "POST,/containers/web/rename,docker rename",
        "GET,/containers/web/top,docker top",
        "GET,/system/df,docker system df"
    })
    void eachIsNotImplementedNamingTheCommand(String method, String path, String command) {
        Handler handler = router.find(HttpMethod.valueOf(method), path).orElseThrow();
        Request request = new Request(
                HttpMethod.valueOf(method),
                path,
                ApiVersion.MAX,
                Map.of(),
                new DefaultHttpHeaders(),
                new byte[0],
                Map.of());

        assertThatThrownBy(() -> handler.handle(request))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_IMPLEMENTED))
                .hasMessage(command + " is not supported by Shoal yet");
    }
}
