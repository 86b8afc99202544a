package io.shoal.engine.api;

import io.netty.handler.codec.http.HttpMethod;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.util.List;

/**
 * Engine API endpoints Docker has and Shoal does not serve yet (moby's {@code api/server/router/*}): each is answered
 * 501 naming the docker command, rather than 404 {@code page not found}, which the CLI would show as if the daemon
 * were not Docker-compatible at all.
 */
public final class UnsupportedRoutes {
    private record Unsupported(HttpMethod method, String path, String command) {}

    private static final List<Unsupported> ROUTES = List.of(
            new Unsupported(HttpMethod.POST, "/containers/{id}/rename", "docker rename"),
            new Unsupported(HttpMethod.POST, "/containers/{id}/pause", "docker pause"),
            new Unsupported(HttpMethod.POST, "/containers/{id}/unpause", "docker unpause"),
            new Unsupported(HttpMethod.POST, "/containers/{id}/update", "docker update"),
            new Unsupported(HttpMethod.GET, "/containers/{id}/top", "docker top"),
            new Unsupported(HttpMethod.GET, "/containers/{id}/stats", "docker stats"),
            new Unsupported(HttpMethod.GET, "/containers/{id}/changes", "docker diff"),
            new Unsupported(HttpMethod.GET, "/containers/{id}/export", "docker export"),
            new Unsupported(HttpMethod.GET, "/containers/{id}/archive", "docker cp"),
            new Unsupported(HttpMethod.HEAD, "/containers/{id}/archive", "docker cp"),
            new Unsupported(HttpMethod.PUT, "/containers/{id}/archive", "docker cp"),
            new Unsupported(HttpMethod.POST, "/containers/prune", "docker container prune"),
            new Unsupported(HttpMethod.POST, "/commit", "docker commit"),
            new Unsupported(HttpMethod.POST, "/images/{name...}/push", "docker push"),
            new Unsupported(HttpMethod.GET, "/images/{name...}/history", "docker history"),
            new Unsupported(HttpMethod.GET, "/images/get", "docker save"),
            new Unsupported(HttpMethod.POST, "/images/load", "docker load"),
            new Unsupported(HttpMethod.GET, "/images/search", "docker search"),
            new Unsupported(HttpMethod.POST, "/build", "docker build"),
            new Unsupported(HttpMethod.GET, "/system/df", "docker system df"));

    private UnsupportedRoutes() {}

    /** Adds a 501 route for each unsupported endpoint to {@code router}. */
    public static Router.Builder addTo(Router.Builder router) {
        for (Unsupported unsupported : ROUTES) {
            router.route(unsupported.method(), unsupported.path(), request -> {
                throw new EngineException(
                        ErrorKind.NOT_IMPLEMENTED, unsupported.command() + " is not supported by Shoal yet");
            });
        }
        return router;
    }
}
