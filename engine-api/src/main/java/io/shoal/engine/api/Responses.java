package io.shoal.engine.api;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Turns a {@link Response} into HTTP, adding the headers every Engine API response carries. */
final class Responses {
    private final String server;

    /** Responses naming {@code engine} in the {@code Server} header: {@code Shoal/0.1.0 (linux)}. */
    Responses(EngineInfo engine) {
        this.server = "Shoal/" + engine.version() + " (" + engine.os() + ")";
    }

    /**
     * The HTTP response: Api-Version (the server's maximum, as moby), Ostype, Server, Content-Length, the body's
     * Content-Type, the handler's headers, and {@code Connection: close} unless {@code keepAlive}. A HEAD answer and a
     * 304 carry no body (RFC 9110 §9.3.2, §15.4.5); HEAD keeps the Content-Length the handler set.
     */
    FullHttpResponse render(Response response, boolean head, boolean keepAlive) {
        boolean noBody = head || response.status().equals(HttpResponseStatus.NOT_MODIFIED);
        byte[] body = noBody ? new byte[0] : response.body();
        FullHttpResponse http =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(), Unpooled.wrappedBuffer(body));
        HttpHeaders headers = http.headers();
        headers.set("Api-Version", ApiVersion.MAX.toString());
        headers.set("Ostype", "linux");
        headers.set(HttpHeaderNames.SERVER, server);
        if (response.contentType() != null && !response.status().equals(HttpResponseStatus.NOT_MODIFIED)) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        }
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        if (response.status().equals(HttpResponseStatus.NOT_MODIFIED)) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        }
        response.headers().forEach(headers::set);
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return http;
    }

    /**
     * The head of a chunked response ({@link Response#chunked}): the headers of {@link #render} with {@code
     * Transfer-Encoding: chunked} instead of a Content-Length.
     */
    HttpResponse renderChunkedHead(Response response, boolean keepAlive) {
        HttpResponse http = new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status());
        HttpHeaders headers = http.headers();
        headers.set("Api-Version", ApiVersion.MAX.toString());
        headers.set("Ostype", "linux");
        headers.set(HttpHeaderNames.SERVER, server);
        if (response.contentType() != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        }
        headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        response.headers().forEach(headers::set);
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return http;
    }

    /**
     * The head of a hijacked stream as raw bytes, exactly as moby writes it: {@code HTTP/1.1 101 UPGRADED},
     * Content-Type, {@code Connection: Upgrade}, {@code Upgrade: tcp}; or {@code HTTP/1.1 200 OK} and the
     * Content-Type alone when the client did not ask for an upgrade.
     */
    static byte[] rawHead(Response response) {
        StringBuilder head = new StringBuilder("HTTP/1.1 ")
                .append(response.status().code())
                .append(' ')
                .append(response.status().reasonPhrase())
                .append("\r\nContent-Type: ")
                .append(response.contentType())
                .append("\r\n");
        if (response.streaming().kind() == Response.StreamKind.UPGRADE) {
            head.append("Connection: Upgrade\r\nUpgrade: tcp\r\n");
        }
        return head.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
