package io.shoal.engine.api;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.filter.Filters;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request as a handler sees it: the method, the path without its version prefix, the API version it was made for
 * ({@link ApiVersion#MAX} for a bare path), the decoded query, the headers and the whole body.
 */
public final class Request {
    private final HttpMethod method;
    private final String path;
    private final ApiVersion version;
    private final Map<String, List<String>> query;
    private final HttpHeaders headers;
    private final byte[] body;
    private final Map<String, String> pathParameters;

    Request(
            HttpMethod method,
            String path,
            ApiVersion version,
            Map<String, List<String>> query,
            HttpHeaders headers,
            byte[] body,
            Map<String, String> pathParameters) {
        this.method = Objects.requireNonNull(method, "method");
        this.path = Objects.requireNonNull(path, "path");
        this.version = Objects.requireNonNull(version, "version");
        this.query = Map.copyOf(query);
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
        this.pathParameters = Map.copyOf(pathParameters);
    }

    /**
     * The value a path parameter of the route's template took ({@code id} of {@code /containers/{id}/start}).
     *
     * @throws IllegalArgumentException if the route has no such parameter (a bug in the route)
     */
    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route has no path parameter " + name);
        }
        return value;
    }

    /** The first value of query parameter {@code name} (as Go's {@code FormValue}), if given. */
    public Optional<String> queryValue(String name) {
        List<String> values = query.getOrDefault(name, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of query parameter {@code name}, in order; empty when absent. */
    public List<String> queryValues(String name) {
        return query.getOrDefault(name, List.of());
    }

    /**
     * Query parameter {@code name} as a boolean: {@code 1}, {@code true}, {@code yes} are true; {@code 0}, {@code
     * false}, {@code no}, {@code none} and empty are false, in any case ({@code False} from docker-py); absent gives
     * {@code fallback}. Unlike dockerd, which reads any other text as true, other text is refused: a typo must not
     * force a removal.
     *
     * @throws EngineException INVALID_ARGUMENT naming the parameter and the text
     */
    public boolean queryBoolean(String name, boolean fallback) throws EngineException {
        Optional<String> value = queryValue(name);
        if (value.isEmpty()) {
            return fallback;
        }
        String text = value.get().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "1", "true", "yes" -> true;
            case "", "0", "false", "no", "none" -> false;
            default -> throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "invalid value for query parameter " + name + ": \"" + value.get()
                            + "\" (1, true, 0 or false expected)");
        };
    }

    /**
     * Query parameter {@code name} as a decimal integer; absent or empty gives nothing.
     *
     * @throws EngineException INVALID_ARGUMENT when it is not an integer
     */
    public Optional<Long> queryInteger(String name) throws EngineException {
        Optional<String> value = queryValue(name).map(String::trim).filter(text -> !text.isEmpty());
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value.get()));
        } catch (NumberFormatException e) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "invalid value for query parameter " + name + ": \"" + value.get() + "\" (an integer expected)");
        }
    }

    /**
     * The {@code filters} query parameter decoded (both of Docker's JSON forms); none when absent or empty.
     *
     * @throws EngineException INVALID_ARGUMENT when it is not one of those forms
     */
    public Filters filters() throws EngineException {
        return FilterQuery.decode(queryValue("filters").orElse(""));
    }

    /**
     * The body as a JSON object, for handlers that read fields one by one ({@link JsonBody}); an empty body is an
     * empty object when {@code optional}.
     *
     * @throws EngineException INVALID_ARGUMENT when it is not a JSON object (or empty and not optional), or was sent
     *     with another Content-Type than {@code application/json}
     */
    public JsonBody jsonBody(boolean optional) throws EngineException {
        if (body.length == 0 && optional) {
            return JsonBody.empty();
        }
        return JsonBody.of(jsonValue());
    }

    /** The method. */
    public HttpMethod method() {
        return method;
    }

    /** The path without the {@code /v1.xx} prefix, e.g. {@code /version}. */
    public String path() {
        return path;
    }

    /** The API version the client asked for, or the server's maximum for a bare path. */
    public ApiVersion version() {
        return version;
    }

    /** The query parameters, decoded; each name maps to its values in order. */
    public Map<String, List<String>> query() {
        return query;
    }

    /** The request headers. */
    public HttpHeaders headers() {
        return headers;
    }

    /** The body's length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /**
     * The body parsed as one JSON value ({@link Json#parse}'s tree).
     *
     * @throws EngineException INVALID_ARGUMENT when the body is empty or not JSON (the message says what and where),
     *     or when a Content-Type other than {@code application/json} was sent (moby's {@code CheckForJSON})
     */
    private Object jsonValue() throws EngineException {
        String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType != null && !mediaType(contentType).equals(Response.JSON)) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "unsupported Content-Type header (" + contentType + "): must be '" + Response.JSON + "'");
        }
        return Json.parse(body);
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return type.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
