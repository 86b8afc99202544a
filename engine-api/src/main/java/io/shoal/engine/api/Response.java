package io.shoal.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.shoal.engine.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a handler answers: a status, a body with its media type ({@code null} when there is none), and headers of its
 * own. The server adds the headers every response carries (Api-Version, Ostype, Server, Content-Length).
 */
public final class Response {
    /** The media type of every JSON body; exactly this string, or the docker CLI prints errors raw. */
    public static final String JSON = "application/json";

    /** The media type of plain text bodies, as Go's {@code http.DetectContentType} names it. */
    public static final String TEXT = "text/plain; charset=utf-8";

    private final HttpResponseStatus status;
    private final String contentType;
    private final byte[] body;
    private final Map<String, String> headers;

    /** A response; {@code contentType} may be null for an empty body; the body is not copied. */
    public Response(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {
        this.status = Objects.requireNonNull(status, "status");
        this.contentType = contentType;
        this.body = Objects.requireNonNull(body, "body");
        this.headers = Map.copyOf(headers);
    }

    /** {@code value} rendered as Docker's JSON (PascalCase names, trailing newline). */
    public static Response json(HttpResponseStatus status, Object value) {
        return new Response(status, JSON, Json.render(value), Map.of());
    }

    /** A UTF-8 text body. */
    public static Response text(HttpResponseStatus status, String text) {
        return new Response(status, TEXT, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** Docker's error shape, {@code {"message":"…"}}, with the status of {@code kind}. */
    public static Response error(ErrorKind kind, String message) {
        return error(ErrorStatus.of(kind), message);
    }

    /** Docker's error shape with an explicit status (413; 404 for an unknown route). */
    public static Response error(HttpResponseStatus status, String message) {
        return json(status, new ErrorBody(message));
    }

    /** The same response with one more header. */
    public Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, body, more);
    }

    /** The status. */
    public HttpResponseStatus status() {
        return status;
    }

    /** The body's media type, or null. */
    public String contentType() {
        return contentType;
    }

    /** The body (not a copy: do not change it). */
    byte[] body() {
        return body;
    }

    /** The handler's own headers. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Docker's error body; its one member is lower-case, unlike the rest of the API. */
    record ErrorBody(@JsonProperty("message") String message) {}
}
