package io.shoal.engine.api;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    Request(
            HttpMethod method,
            String path,
            ApiVersion version,
            Map<String, List<String>> query,
            HttpHeaders headers,
            byte[] body) {
        this.method = Objects.requireNonNull(method, "method");
        this.path = Objects.requireNonNull(path, "path");
        this.version = Objects.requireNonNull(version, "version");
        this.query = Map.copyOf(query);
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
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
     * The body parsed as JSON into {@code type}; unknown members are ignored.
     *
     * @throws EngineException INVALID_ARGUMENT when the body is empty, not JSON, or not of that shape (the message
     *     says what and where), or when a Content-Type other than {@code application/json} was sent (moby's {@code
     *     CheckForJSON})
     */
    public <T> T json(Class<T> type) throws EngineException {
        String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType != null && !mediaType(contentType).equals(Response.JSON)) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "unsupported Content-Type header (" + contentType + "): must be '" + Response.JSON + "'");
        }
        return Json.parse(body, type);
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return type.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
