package io.shoal.engine.api;

import io.netty.handler.codec.http.HttpMethod;
import io.shoal.engine.errors.EngineException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes by method and path template (the path without its {@code /v1.xx} prefix; the server strips it), after moby's
 * gorilla/mux routes. A template is literal segments and parameters: {@code {id}} matches one segment, {@code
 * {name...}} one or more segments (image names hold {@code /}), e.g. {@code /images/{name...}/json}. A literal path
 * wins over a template; templates are tried in the order they were added. Immutable once built.
 */
public final class Router {
    private final Map<String, Map<HttpMethod, Route>> literal;
    private final List<Route> templates;
    private final RouteGuard guard;

    private Router(Map<String, Map<HttpMethod, Route>> literal, List<Route> templates, RouteGuard guard) {
        this.literal = literal;
        this.templates = templates;
        this.guard = guard;
    }

    /**
     * Asked before each matched request is handled, with the route's method and template (e.g. {@code POST
     * /networks/create}); throwing refuses the request with the exception's kind and message, nothing handled.
     */
    @FunctionalInterface
    public interface RouteGuard {
        /** Returns when the request may be handled; throws to refuse it. */
        void admit(HttpMethod method, String template) throws EngineException;
    }

    /** These routes with {@code guard} asked before every request (replacing any guard before). */
    public Router guardedBy(RouteGuard guard) {
        return new Router(literal, templates, java.util.Objects.requireNonNull(guard, "guard"));
    }

    /** Asks the guard whether {@code route} may be handled now. */
    void admit(Route route) throws EngineException {
        guard.admit(route.method(), route.template());
    }

    /** A router to fill. */
    public static Builder builder() {
        return new Builder();
    }

    /** The handler for {@code method} on {@code path}, if any (without its path parameters). */
    public Optional<Handler> find(HttpMethod method, String path) {
        return match(method, path).map(match -> match.route().handler());
    }

    /** The route for {@code method} on {@code path} and the parameters the path gave, if a route matches both. */
    Optional<Match> match(HttpMethod method, String path) {
        Route exact = literal.getOrDefault(path, Map.of()).get(method);
        if (exact != null) {
            return Optional.of(new Match(exact, Map.of()));
        }
        for (Route route : templates) {
            if (!route.method().equals(method)) {
                continue;
            }
            Optional<Map<String, String>> parameters = route.parameters(path);
            if (parameters.isPresent()) {
                return Optional.of(new Match(route, parameters.get()));
            }
        }
        return Optional.empty();
    }

    /** A matched route with the values of its path parameters. */
    record Match(Route route, Map<String, String> parameters) {}

    /**
     * One route: method, template, handler, and whether its request body is streamed to the handler instead of being
     * joined in memory first (a {@link BodyHandler}).
     */
    record Route(
            HttpMethod method,
            String template,
            Pattern pattern,
            List<String> names,
            Handler handler,
            BodyHandler bodyHandler) {
        Optional<Map<String, String>> parameters(String path) {
            Matcher matcher = pattern.matcher(path);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                values.put(names.get(i), matcher.group(i + 1));
            }
            return Optional.of(values);
        }

        boolean streamsBody() {
            return bodyHandler != null;
        }
    }

    /** Collects routes; a method and template registered twice is a programming error. */
    public static final class Builder {
        private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z]+)(\\.\\.\\.)?}");

        private final Map<String, Map<HttpMethod, Route>> literal = new HashMap<>();
        private final List<Route> templates = new ArrayList<>();

        private Builder() {}

        /**
         * Serves {@code method template} (e.g. {@code GET /version}, {@code POST /containers/{id}/start}) with
         * {@code handler}; the request body is joined in memory (up to the server's limit) before the call.
         *
         * @throws IllegalArgumentException if the template does not start with {@code /} or the route exists already
         */
        public Builder route(HttpMethod method, String template, Handler handler) {
            return add(method, template, handler, null);
        }

        /**
         * Serves {@code method template} with {@code handler}, which reads the request body as it arrives (no size
         * limit): for {@code docker import}'s tarball.
         */
        public Builder streamingRoute(HttpMethod method, String template, BodyHandler handler) {
            return add(
                    method,
                    template,
                    request -> handler.handle(request, java.io.InputStream.nullInputStream()),
                    handler);
        }

        private Builder add(HttpMethod method, String template, Handler handler, BodyHandler bodyHandler) {
            if (!template.startsWith("/")) {
                throw new IllegalArgumentException("route path must start with '/': " + template);
            }
            Matcher parameter = PARAMETER.matcher(template);
            StringBuilder regex = new StringBuilder();
            List<String> names = new ArrayList<>();
            int last = 0;
            while (parameter.find()) {
                regex.append(Pattern.quote(template.substring(last, parameter.start())));
                regex.append(parameter.group(2) == null ? "([^/]+)" : "(.+)");
                names.add(parameter.group(1));
                last = parameter.end();
            }
            regex.append(Pattern.quote(template.substring(last)));
            Route route = new Route(
                    method, template, Pattern.compile(regex.toString()), List.copyOf(names), handler, bodyHandler);
            boolean duplicate = names.isEmpty()
                    ? literal.computeIfAbsent(template, p -> new HashMap<>()).putIfAbsent(method, route) != null
                    : templates.stream()
                            .anyMatch(r ->
                                    r.method().equals(method) && r.template().equals(template));
            if (duplicate) {
                throw new IllegalArgumentException("route registered twice: " + method + " " + template);
            }
            if (!names.isEmpty()) {
                templates.add(route);
            }
            return this;
        }

        /** The router; later changes to this builder do not reach it. */
        public Router build() {
            Map<String, Map<HttpMethod, Route>> copy = new HashMap<>();
            literal.forEach((path, byMethod) -> copy.put(path, Map.copyOf(byMethod)));
            return new Router(Map.copyOf(copy), List.copyOf(templates), (method, template) -> {});
        }
    }
}
