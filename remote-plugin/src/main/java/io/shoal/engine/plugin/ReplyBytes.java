package io.shoal.engine.plugin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * A plugin reply as the bytes on the socket: status line, {@code Content-Type}, {@code Content-Length},
 * {@code Connection} and the JSON body in one buffer, so that a reply is one {@code write(2)} and needs no HTTP
 * encoder in the pipeline (RFC 9112 section 2.1: start line, header fields, CRLF, body).
 */
final class ReplyBytes {
    /** What a client that sent {@code Expect: 100-continue} waits for before it sends the body (RFC 9110 10.1.1). */
    static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final String TYPE_AND_LENGTH =
            "\r\nContent-Type: " + PluginServer.CONTENT_TYPE + "\r\nContent-Length: ";

    private ReplyBytes() {}

    /**
     * The reply's bytes in a buffer from {@code allocator}, which the caller writes (and so releases).
     *
     * @param status an HTTP status code, e.g. 200
     * @param json the body, a JSON object's UTF-8 bytes
     * @param keepAlive {@code Connection: keep-alive} when true, {@code Connection: close} otherwise
     */
    static ByteBuf render(ByteBufAllocator allocator, int status, byte[] json, boolean keepAlive) {
        String head = "HTTP/1.1 " + status + " "
                + HttpResponseStatus.valueOf(status).reasonPhrase() + TYPE_AND_LENGTH + json.length
                + (keepAlive ? "\r\nConnection: keep-alive\r\n\r\n" : "\r\nConnection: close\r\n\r\n");
        ByteBuf out = allocator.ioBuffer(head.length() + json.length);
        out.writeCharSequence(head, StandardCharsets.US_ASCII);
        out.writeBytes(json);
        return out;
    }
}
