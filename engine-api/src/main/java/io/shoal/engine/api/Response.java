package io.shoal.engine.api;

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
    private final Streaming streaming;

    /** A response; {@code contentType} may be null for an empty body; the body is not copied. */
    public Response(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, null);
    }

    private Response(
            HttpResponseStatus status,
            String contentType,
            byte[] body,
            Map<String, String> headers,
            Streaming streaming) {
        this.status = Objects.requireNonNull(status, "status");
        this.contentType = contentType;
        this.body = Objects.requireNonNull(body, "body");
        this.headers = Map.copyOf(headers);
        this.streaming = streaming;
    }

    /** How a streamed response's body goes out. */
    enum StreamKind {
        /** An HTTP chunked body after the usual headers; the connection stays usable afterwards. */
        CHUNKED,
        /**
         * {@code HTTP/1.1 101 UPGRADED} with exactly Content-Type, {@code Connection: Upgrade} and {@code Upgrade:
         * tcp}, then raw bytes on the socket, closed at the end (moby's hijack, {@code api/server/router/container}).
         */
        UPGRADE,
        /**
         * {@code HTTP/1.1 200 OK} with only a Content-Type, then raw bytes until the connection is closed: what
         * dockerd answers an attach or exec start that did not ask for an upgrade (docker-java).
         */
        RAW
    }

    /**
     * The body of a streamed response and how it is sent; {@code input}, if not null, receives what the client sends
     * after a hijack.
     */
    record Streaming(StreamKind kind, StreamBody body, HijackInput input) {
        Streaming(StreamKind kind, StreamBody body) {
            this(kind, body, null);
        }
    }

    /**
     * A chunked response: the head (status, {@code contentType}, Docker's headers) is flushed at once, then {@code
     * body} produces the chunks ({@code wait}, {@code logs}).
     */
    public static Response chunked(HttpResponseStatus status, String contentType, StreamBody body) {
        return new Response(status, contentType, new byte[0], Map.of(), new Streaming(StreamKind.CHUNKED, body));
    }

    /**
     * A hijacked connection: {@code 101 UPGRADED} when the client asked to upgrade ({@code Upgrade: tcp}), else
     * {@code 200 OK}; then the HTTP codec is removed and {@code body} writes raw bytes; the end closes the connection.
     */
    public static Response hijack(boolean upgrade, String contentType, StreamBody body) {
        StreamKind kind = upgrade ? StreamKind.UPGRADE : StreamKind.RAW;
        HttpResponseStatus status = upgrade ? SWITCHING : HttpResponseStatus.OK;
        return new Response(status, contentType, new byte[0], Map.of(), new Streaming(kind, body));
    }

    /** {@link #hijack(boolean, String, StreamBody)} whose client's bytes (stdin) go to {@code input}. */
    static Response hijack(boolean upgrade, String contentType, StreamBody body, HijackInput input) {
        StreamKind kind = upgrade ? StreamKind.UPGRADE : StreamKind.RAW;
        HttpResponseStatus status = upgrade ? SWITCHING : HttpResponseStatus.OK;
        return new Response(status, contentType, new byte[0], Map.of(), new Streaming(kind, body, input));
    }

    /** moby's reason phrase for the hijack's 101. */
    static final HttpResponseStatus SWITCHING = new HttpResponseStatus(101, "UPGRADED");

    /** An empty response with {@code status} (204 after a delete, 200 after a connect). */
    public static Response empty(HttpResponseStatus status) {
        return new Response(status, null, new byte[0], Map.of());
    }

    /**
     * {@code value} rendered as Docker's JSON with a trailing newline: a tree of maps ({@link JsonMap} for Docker's
     * names in order), collections, strings, numbers, booleans, enums and nulls.
     */
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
        // Its one member is lower-case, unlike the rest of the API.
        return json(status, new JsonMap().with("message", message));
    }

    /** The same response with one more header. */
    public Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, body, more, streaming);
    }

    /** How the body is streamed, or null for an ordinary response. */
    Streaming streaming() {
        return streaming;
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
}
