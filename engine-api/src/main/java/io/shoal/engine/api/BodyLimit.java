package io.shoal.engine.api;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Joins a request's body (sized or chunked) into one message of at most {@code maxBytes}; a bigger body is answered
 * with 413 in Docker's error shape and the connection is closed, since the rest of the body is still on the wire.
 */
final class BodyLimit extends HttpObjectAggregator {
    private final Responses responses;
    private final int maxBytes;

    BodyLimit(int maxBytes, Responses responses) {
        super(maxBytes);
        this.maxBytes = maxBytes;
        this.responses = responses;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        Response tooLarge = Response.error(
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body is larger than the limit of " + maxBytes + " bytes");
        ctx.writeAndFlush(responses.render(tooLarge, false, false)).addListener(ChannelFutureListener.CLOSE);
    }
}
