package io.shoal.engine.api;

import io.netty.handler.codec.http.HttpMethod;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Routes by method and exact path (the path without its {@code /v1.xx} prefix; the server strips it). Immutable once
 * built.
 */
public final class Router {
    private final Map<String, Map<HttpMethod, Handler>> routes;

    private Router(Map<String, Map<HttpMethod, Handler>> routes) {
        this.routes = routes;
    }

    /** A router to fill. */
    public static Builder builder() {
        return new Builder();
    }

    /** The handler for {@code method} on {@code path}, if any. */
    public Optional<Handler> find(HttpMethod method, String path) {
        return Optional.ofNullable(routes.getOrDefault(path, Map.of()).get(method));
    }

    /** Collects routes; a method and path registered twice is a programming error. */
    public static final class Builder {
        private final Map<String, Map<HttpMethod, Handler>> routes = new HashMap<>();

        private Builder() {}

        /**
         * Serves {@code method path} (e.g. {@code GET /version}) with {@code handler}.
         *
         * @throws IllegalArgumentException if the path does not start with {@code /} or the route exists already
         */
        public Builder route(HttpMethod method, String path, Handler handler) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("route path must start with '/': " + path);
            }
            Handler before = routes.computeIfAbsent(path, p -> new HashMap<>()).putIfAbsent(method, handler);
            if (before != null) {
                throw new IllegalArgumentException("route registered twice: " + method + " " + path);
            }
            return this;
        }

        /** The router; later changes to this builder do not reach it. */
        public Router build() {
            Map<String, Map<HttpMethod, Handler>> copy = new HashMap<>();
            routes.forEach((path, byMethod) -> copy.put(path, Map.copyOf(byMethod)));
            return new Router(Map.copyOf(copy));
        }
    }
}
