package io.shoal.engine.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;

/**
 * Version negotiation: {@code HEAD|GET /_ping} and {@code GET /version}, after moby's
 * {@code api/server/router/system/system_routes.go}.
 */
public final class SystemRoutes {
    private final EngineInfo engine;

    /** Routes that describe {@code engine}. */
    public SystemRoutes(EngineInfo engine) {
        this.engine = engine;
    }

    /** Adds the routes to {@code router}. */
    public Router.Builder addTo(Router.Builder router) {
        return router.route(HttpMethod.HEAD, "/_ping", request -> ping(new byte[0]))
                .route(
                        HttpMethod.GET,
                        "/_ping",
                        request -> ping("OK".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .route(HttpMethod.GET, "/version", request -> Response.json(HttpResponseStatus.OK, version()));
    }

    /**
     * The ping: its headers are what the CLI negotiates with (Api-Version comes with every response); the body is
     * {@code OK} for GET, empty for HEAD, both typed text/plain as dockerd does.
     */
    private static Response ping(byte[] body) {
        return new Response(
                HttpResponseStatus.OK,
                Response.TEXT,
                body,
                Map.of(
                        "Cache-Control", "no-cache, no-store, must-revalidate",
                        "Pragma", "no-cache",
                        "Builder-Version", "1",
                        "Swarm", "inactive"));
    }

    /**
     * moby's {@code types.Version}, with an Engine component ({@code types.ComponentVersion}, whose Details is a map
     * of strings in Go too) whose details the CLI prints; GoVersion carries the Java runtime's version (see {@link
     * EngineInfo}).
     */
    JsonMap version() {
        Map<String, String> details = Map.of(
                "ApiVersion", ApiVersion.MAX.toString(),
                "MinAPIVersion", ApiVersion.MIN.toString(),
                "GitCommit", engine.gitCommit(),
                "GoVersion", engine.runtimeVersion(),
                "Os", engine.os(),
                "Arch", engine.arch(),
                "KernelVersion", engine.kernelVersion(),
                "Experimental", "false",
                "BuildTime", engine.buildTime());
        return new JsonMap()
                .with("Platform", new JsonMap().with("Name", "Shoal"))
                .with(
                        "Components",
                        List.of(new JsonMap()
                                .with("Name", "Engine")
                                .with("Version", engine.version())
                                .with("Details", details)))
                .with("Version", engine.version())
                .with("ApiVersion", ApiVersion.MAX.toString())
                .with("MinAPIVersion", ApiVersion.MIN.toString())
                .with("GitCommit", engine.gitCommit())
                .with("GoVersion", engine.runtimeVersion())
                .with("Os", engine.os())
                .with("Arch", engine.arch())
                .with("KernelVersion", engine.kernelVersion())
                .with("Experimental", false)
                .with("BuildTime", engine.buildTime());
    }
}
