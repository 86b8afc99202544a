package io.shoal.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static Handler named(String name) {
        return request -> Response.text(HttpResponseStatus.OK, name);
    }

    private final Router router = Router.builder()
            .route(HttpMethod.GET, "/containers/json", named("list"))
            .route(HttpMethod.GET, "/containers/{id}/json", named("inspect"))
            .route(HttpMethod.POST, "/containers/{id}/start", named("start"))
            .route(HttpMethod.GET, "/images/json", named("images"))
            .route(HttpMethod.GET, "/images/{name...}/json", named("image"))
            .route(HttpMethod.DELETE, "/images/{name...}", named("rmi"))
            .build();

    @Test
    void aTemplateGivesItsParameters() {
        Router.Match match =
                router.match(HttpMethod.POST, "/containers/abc123/start").orElseThrow();
        assertThat(match.route().template()).isEqualTo("/containers/{id}/start");
        assertThat(match.parameters()).isEqualTo(Map.of("id", "abc123"));
    }

    @Test
    void aLiteralPathWinsOverATemplate() {
        assertThat(router.match(HttpMethod.GET, "/containers/json")
                        .orElseThrow()
                        .route()
                        .template())
                .isEqualTo("/containers/json");
        assertThat(router.match(HttpMethod.GET, "/images/json")
                        .orElseThrow()
                        .route()
                        .template())
                .isEqualTo("/images/json");
    }

    @Test
    void aRestParameterTakesSlashesAndColons() {
        assertThat(router.match(HttpMethod.GET, "/images/registry.example:5000/team/app:1.0/json")
                        .orElseThrow()
                        .parameters())
                .isEqualTo(Map.of("name", "registry.example:5000/team/app:1.0"));
        assertThat(router.match(HttpMethod.DELETE, "/images/team/app:1.0")
                        .orElseThrow()
                        .parameters())
                .isEqualTo(Map.of("name", "team/app:1.0"));
    }

    @Test
    void aOneSegmentParameterDoesNotTakeSlashes() {
        assertThat(router.match(HttpMethod.GET, "/containers/a/b/json")).isEmpty();
        assertThat(router.match(HttpMethod.GET, "/containers//json")).isEmpty();
    }

    @Test
    void anotherMethodOnAKnownPathDoesNotMatch() {
        assertThat(router.match(HttpMethod.GET, "/containers/abc/start")).isEmpty();
        assertThat(router.match(HttpMethod.PUT, "/containers/json")).isEmpty();
    }

    @Test
    void aRouteRegisteredTwiceIsRefused() {
        assertThatThrownBy(() -> Router.builder()
                        .route(HttpMethod.GET, "/x/{id}", named("a"))
                        .route(HttpMethod.GET, "/x/{id}", named("b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void aGuardIsAskedWithTheRoutesTemplateAndItsRefusalKeepsItsKind() throws Exception {
        java.util.List<String> asked = new java.util.ArrayList<>();
        Router guarded = router.guardedBy((method, template) -> {
            asked.add(method + " " + template);
            if (method.equals(HttpMethod.POST)) {
                throw new io.shoal.engine.errors.EngineException(
                        io.shoal.engine.errors.ErrorKind.INSUFFICIENT_STORAGE, "full");
            }
        });

        guarded.admit(guarded.match(HttpMethod.GET, "/containers/x/json")
                .orElseThrow()
                .route());
        assertThatThrownBy(() -> guarded.admit(guarded.match(HttpMethod.POST, "/containers/x/start")
                        .orElseThrow()
                        .route()))
                .isInstanceOfSatisfying(io.shoal.engine.errors.EngineException.class, e -> assertThat(e.kind())
                        .isEqualTo(io.shoal.engine.errors.ErrorKind.INSUFFICIENT_STORAGE));
        assertThat(asked).containsExactly("GET /containers/{id}/json", "POST /containers/{id}/start");
        // The router it came from is not guarded.
        router.admit(router.match(HttpMethod.POST, "/containers/x/start")
                .orElseThrow()
                .route());
    }
}
