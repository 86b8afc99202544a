package io.shoal.engine.api;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.shoal.engine.errors.ErrorKind;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One per connection. Hands each request to the handler executor — never runs a handler on the event loop — and
 * answers requests in the order they came (HTTP/1.1 pipelining, RFC 9112 §9.3): one at a time, reading paused while
 * one is out. All state is touched on the channel's event loop only.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(ConnectionHandler.class.getName());

    private final Dispatcher dispatcher;
    private final Responses responses;
    private final Executor handlers;
    private final Queue<Exchange> waiting = new ArrayDeque<>();
    private boolean busy;

    ConnectionHandler(Dispatcher dispatcher, Responses responses, Executor handlers) {
        this.dispatcher = dispatcher;
        this.responses = responses;
        this.handlers = handlers;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof FullHttpRequest request) {
                waiting.add(Exchange.of(request));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (!busy) {
            next(ctx);
        }
    }

    private void next(ChannelHandlerContext ctx) {
        Exchange exchange = waiting.poll();
        if (exchange == null) {
            busy = false;
            ctx.channel().config().setAutoRead(true);
            return;
        }
        busy = true;
        ctx.channel().config().setAutoRead(false);
        try {
            handlers.execute(() -> {
                Response response = exchange.answer(dispatcher);
                ctx.executor().execute(() -> write(ctx, exchange, response));
            });
        } catch (RejectedExecutionException e) {
            write(ctx, exchange, Response.error(ErrorKind.UNAVAILABLE, "the engine is shutting down"));
        }
    }

    private void write(ChannelHandlerContext ctx, Exchange exchange, Response response) {
        ctx.writeAndFlush(responses.render(response, exchange.isHead(), exchange.keepAlive()))
                .addListener((ChannelFutureListener) written -> {
                    if (written.isSuccess() && exchange.keepAlive()) {
                        next(ctx);
                    } else {
                        waiting.clear();
                        var unused = written.channel().close();
                    }
                });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or broken pipe from the client; nothing to answer.
        LOG.log(Level.DEBUG, "connection failed; closing it", cause);
        var unused = ctx.close();
    }
}
