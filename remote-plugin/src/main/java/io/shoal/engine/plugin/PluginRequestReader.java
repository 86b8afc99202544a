package io.shoal.engine.plugin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Joins what Netty's {@code HttpRequestDecoder} reads (a request's head, then its body in one or more pieces) into one
 * {@link PluginRequest}, passed on down the pipeline: the one thing of {@code HttpObjectAggregator} the plugin
 * needs, without its composite buffers and full-message objects on every call. Answers by itself, and then closes the
 * connection: a request the decoder could not read (400; the decoder discards the rest of the connection's bytes) and
 * a body over {@code maxBodyBytes} (413). Answers {@code Expect: 100-continue} (RFC 9110 section 10.1.1). One per
 * connection.
 */
final class PluginRequestReader extends ChannelInboundHandlerAdapter {
    private final int maxBodyBytes;

    /** The request whose body is being read; null between requests. */
    private HttpRequest head;
    /** The body's pieces before the last, when it came in more than one; null otherwise. */
    private ByteArrayOutputStream pieces;
    /** After a refused request: what the decoder still hands on is dropped until the connection closes. */
    private boolean refused;

    /** @param maxBodyBytes the largest body accepted, in bytes */
    PluginRequestReader(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        try {
            if (message instanceof HttpRequest request) {
                start(context, request);
            }
            if (message instanceof HttpContent content) {
                add(context, content);
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void start(ChannelHandlerContext context, HttpRequest request) {
        if (refused) {
            return;
        }
        if (request.decoderResult().isFailure()) {
            refuse(context, 400, "malformed HTTP request");
            return;
        }
        if (HttpUtil.getContentLength(request, 0L) > maxBodyBytes) {
            refuse(context, 413, "the request body is over " + maxBodyBytes + " bytes");
            return;
        }
        head = request;
        pieces = null;
        if (HttpUtil.is100ContinueExpected(request)) {
            context.writeAndFlush(Unpooled.wrappedBuffer(ReplyBytes.CONTINUE))
                    .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        }
    }

    private void add(ChannelHandlerContext context, HttpContent content) {
        if (refused || head == null) {
            return;
        }
        if (content.decoderResult().isFailure()) {
            refuse(context, 400, "malformed HTTP request");
            return;
        }
        ByteBuf bytes = content.content();
        int before = pieces == null ? 0 : pieces.size();
        if ((long) before + bytes.readableBytes() > maxBodyBytes) {
            refuse(context, 413, "the request body is over " + maxBodyBytes + " bytes");
            return;
        }
        if (!(content instanceof LastHttpContent)) {
            if (pieces == null) {
                pieces = new ByteArrayOutputStream();
            }
            pieces.writeBytes(ByteBufUtil.getBytes(bytes));
            return;
        }
        byte[] body;
        if (pieces == null) {
            // The usual case: a body of a few hundred bytes arrives with its head, in one piece.
            body = ByteBufUtil.getBytes(bytes);
        } else {
            pieces.writeBytes(ByteBufUtil.getBytes(bytes));
            body = pieces.toByteArray();
        }
        HttpRequest request = head;
        head = null;
        pieces = null;
        context.fireChannelRead(new PluginRequest(
                request.method().name(),
                new QueryStringDecoder(request.uri()).path(),
                body,
                HttpUtil.isKeepAlive(request)));
    }

    private void refuse(ChannelHandlerContext context, int status, String message) {
        refused = true;
        head = null;
        pieces = null;
        byte[] json = ("{\"Err\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        context.writeAndFlush(ReplyBytes.render(context.alloc(), status, json, false))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
