package io.shoal.engine.api;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * One request waiting on a connection, copied out of Netty's buffers so it can cross to the handler executor.
 * {@code malformed} holds the decoder's complaint when the bytes were not HTTP (then the connection is closed after
 * the 400).
 */
final class Exchange {
    private final HttpMethod method;
    private final String uri;
    private final HttpHeaders headers;
    private final byte[] body;
    private final boolean keepAlive;
    private final String malformed;
    private final BodyPipe pipe;

    private Exchange(
            HttpMethod method,
            String uri,
            HttpHeaders headers,
            byte[] body,
            boolean keepAlive,
            String malformed,
            BodyPipe pipe) {
        this.method = method;
        this.uri = uri;
        this.headers = headers;
        this.body = body;
        this.keepAlive = keepAlive;
        this.malformed = malformed;
        this.pipe = pipe;
    }

    /** A request whose body streams through {@code pipe} to a {@link BodyHandler}. */
    static Exchange streaming(HttpRequest request, BodyPipe pipe) {
        return new Exchange(
                request.method(),
                request.uri(),
                request.headers().copy(),
                new byte[0],
                HttpUtil.isKeepAlive(request),
                null,
                pipe);
    }

    /** The pipe of a streamed body, or null. */
    BodyPipe pipe() {
        return pipe;
    }

    /** Copies what is needed of {@code request}; the caller still releases it. */
    static Exchange of(FullHttpRequest request) {
        HttpHeaders headers = request.headers().copy();
        if (request.decoderResult().isFailure()) {
            String why = String.valueOf(request.decoderResult().cause().getMessage());
            return new Exchange(request.method(), request.uri(), headers, new byte[0], false, why, null);
        }
        byte[] body = ByteBufUtil.getBytes(request.content());
        return new Exchange(request.method(), request.uri(), headers, body, HttpUtil.isKeepAlive(request), null, null);
    }

    /** Whether the connection stays open after the answer. */
    boolean keepAlive() {
        return keepAlive;
    }

    /** Whether no body may be sent back (RFC 9110 §9.3.2). */
    boolean isHead() {
        return method.equals(HttpMethod.HEAD);
    }

    /** The response, computed on the handler executor. */
    Response answer(Dispatcher dispatcher) {
        if (malformed != null) {
            return Response.error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request: " + malformed);
        }
        return dispatcher.dispatch(method, uri, headers, body, pipe);
    }
}
