package io.shoal.engine.api;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Joins a request's body (sized or chunked) into one message of at most {@code maxBytes}; a bigger body is answered
 * with 413 in Docker's error shape and the connection is closed, since the rest of the body is still on the wire.
 */
final class BodyLimit extends HttpObjectAggregator {
    private final Responses responses;
    private final int maxBytes;
    private final Dispatcher dispatcher;
    /** Whether the pieces of a request whose body is streamed are passing by, not joined. */
    private boolean passing;

    BodyLimit(int maxBytes, Responses responses, Dispatcher dispatcher) {
        super(maxBytes);
        this.maxBytes = maxBytes;
        this.responses = responses;
        this.dispatcher = dispatcher;
    }

    /**
     * A request for a route that streams its body ({@link BodyHandler}) is not joined: its head and body pieces pass
     * on unlimited, the handler reads them as they come.
     */
    @Override
    public boolean acceptInboundMessage(Object msg) throws Exception {
        if (msg instanceof HttpRequest request
                && !(msg instanceof FullHttpMessage)
                && request.decoderResult().isSuccess()
                && dispatcher.streamsBody(request.method(), request.uri())) {
            passing = !(msg instanceof LastHttpContent);
            return false;
        }
        if (passing && msg instanceof HttpContent) {
            if (msg instanceof LastHttpContent) {
                passing = false;
            }
            return false;
        }
        return super.acceptInboundMessage(msg);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        Response tooLarge = Response.error(
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body is larger than the limit of " + maxBytes + " bytes");
        ctx.writeAndFlush(responses.render(tooLarge, false, false)).addListener(ChannelFutureListener.CLOSE);
    }
}
