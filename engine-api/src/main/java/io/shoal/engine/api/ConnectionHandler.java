package io.shoal.engine.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.shoal.engine.errors.ErrorKind;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One per connection. Hands each request to the handler executor — never runs a handler on the event loop — and
 * answers requests in the order they came (HTTP/1.1 pipelining, RFC 9112 §9.3): one at a time, reading paused while
 * one is out. All state is touched on the channel's event loop only.
 *
 * <p>Besides whole responses it sends streamed ones ({@link Response#chunked}: head flushed at once, chunks as they
 * come) and hijacks ({@link Response#hijack}: the HTTP codec leaves the pipeline and raw bytes follow), and feeds a
 * streamed request body ({@link BodyHandler}) to its handler through a {@link BodyPipe}, reading the socket only as
 * fast as the handler consumes. A client may half-close its side (the docker CLI does after a hijack); the server
 * finishes what is in flight and then closes.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(ConnectionHandler.class.getName());

    private final Dispatcher dispatcher;
    private final Responses responses;
    private final Executor handlers;
    private final Queue<Exchange> waiting = new ArrayDeque<>();
    private boolean busy;
    private boolean inputClosed;
    private boolean hijacked;
    /** The exchange whose streamed body is still arriving. */
    private Exchange receiving;
    /** The streamed response being written. */
    private ChannelStream streaming;
    /** Where the client's bytes go after a hijack (stdin), or null: they are dropped. */
    private HijackInput hijackInput;

    ConnectionHandler(Dispatcher dispatcher, Responses responses, Executor handlers) {
        this.dispatcher = dispatcher;
        this.responses = responses;
        this.handlers = handlers;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (hijacked) {
                stdin(ctx, msg);
                return;
            }
            if (msg instanceof FullHttpRequest request) {
                waiting.add(Exchange.of(request));
            } else if (msg instanceof HttpRequest request) {
                BodyPipe pipe = new BodyPipe(() -> ctx.executor().execute(ctx::read));
                receiving = Exchange.streaming(request, pipe);
                waiting.add(receiving);
            } else if (msg instanceof HttpContent content && receiving != null) {
                boolean last = content instanceof LastHttpContent;
                receiving.pipe().offer(ByteBufUtil.getBytes(content.content()), last);
                if (last) {
                    receiving = null;
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (!busy) {
            next(ctx);
        }
    }

    /** After a hijack: the client's bytes are the stdin of the attach or exec, or dropped when it takes none. */
    private void stdin(ChannelHandlerContext ctx, Object msg) {
        if (hijackInput != null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            if (!hijackInput.offer(ByteBufUtil.getBytes(bytes))) {
                ctx.channel().config().setAutoRead(false); // resumed by the reader (HijackInput.onResume)
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (receiving != null && busy && receiving.pipe().wantsMore()) {
            ctx.read();
        }
        ctx.fireChannelReadComplete();
    }

    private void next(ChannelHandlerContext ctx) {
        Exchange exchange = waiting.poll();
        if (exchange == null) {
            busy = false;
            if (inputClosed) {
                var unused = ctx.close();
                return;
            }
            ctx.channel().config().setAutoRead(true);
            return;
        }
        busy = true;
        ctx.channel().config().setAutoRead(false);
        if (exchange.pipe() != null && exchange == receiving) {
            ctx.read(); // the body still to come is read as the handler consumes it
        }
        try {
            handlers.execute(() -> {
                Response response;
                try {
                    response = exchange.answer(dispatcher);
                } catch (RuntimeException e) {
                    // The dispatcher answers every handler failure; this is a bug outside any handler.
                    LOG.log(Level.ERROR, "answering a request failed unexpectedly", e);
                    response = Response.error(ErrorKind.INTERNAL, "internal error: " + e);
                }
                Response answer = response;
                ctx.executor().execute(() -> afterBody(ctx, exchange, answer));
            });
        } catch (RejectedExecutionException e) {
            afterBody(ctx, exchange, Response.error(ErrorKind.UNAVAILABLE, "the engine is shutting down"));
        }
    }

    /** Writes the response once the request's body is all in (what the handler left unread is dropped). */
    private void afterBody(ChannelHandlerContext ctx, Exchange exchange, Response response) {
        BodyPipe pipe = exchange.pipe();
        if (pipe == null || pipe.ended()) {
            write(ctx, exchange, response);
            return;
        }
        boolean resume = pipe.discardRest(() -> ctx.executor().execute(() -> write(ctx, exchange, response)));
        if (resume) {
            ctx.read();
        }
    }

    private void write(ChannelHandlerContext ctx, Exchange exchange, Response response) {
        if (!ctx.channel().isActive()) {
            abandon(response);
            return;
        }
        Response.Streaming stream = response.streaming();
        if (stream == null) {
            ctx.writeAndFlush(responses.render(response, exchange.isHead(), exchange.keepAlive()))
                    .addListener(
                            (ChannelFutureListener) written -> done(ctx, written.isSuccess() && exchange.keepAlive()));
        } else if (stream.kind() == Response.StreamKind.CHUNKED) {
            var unused = ctx.writeAndFlush(responses.renderChunkedHead(response, exchange.keepAlive()));
            streaming = new ChannelStream(ctx, true, exchange.keepAlive());
            open(ctx, stream.body(), streaming);
        } else {
            hijack(ctx, response);
        }
    }

    /** A streamed response whose connection is already gone: its producer is told at once. */
    private static void abandon(Response response) {
        if (response.streaming() != null) {
            if (response.streaming().input() != null) {
                response.streaming().input().fail();
            }
            response.streaming().body().open(new GoneStream());
        }
    }

    /**
     * The HTTP codec leaves the pipeline (moby's hijack): from here on the connection carries the head's raw bytes
     * and then the stream's; requests pipelined behind this one are dropped, as dockerd drops them.
     */
    private void hijack(ChannelHandlerContext ctx, Response response) {
        hijacked = true;
        waiting.clear();
        if (ctx.pipeline().get(BodyLimit.class) != null) {
            ctx.pipeline().remove(BodyLimit.class);
        }
        if (ctx.pipeline().get(HttpServerCodec.class) != null) {
            ctx.pipeline().remove(HttpServerCodec.class);
        }
        hijackInput = response.streaming().input();
        if (hijackInput != null) {
            hijackInput.onResume(
                    () -> ctx.executor().execute(() -> ctx.channel().config().setAutoRead(true)));
        }
        ctx.channel().config().setAutoRead(true); // stdin, and the client's close, must still be seen
        var unused = ctx.writeAndFlush(Unpooled.wrappedBuffer(Responses.rawHead(response)));
        streaming = new ChannelStream(ctx, false, false);
        open(ctx, response.streaming().body(), streaming);
    }

    /** Starts a stream's producer; one that fails ends the connection (its head is out: no error can follow). */
    private static void open(ChannelHandlerContext ctx, StreamBody body, StreamOutput out) {
        try {
            body.open(out);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "starting a streamed response failed", e);
            var unused = ctx.close();
        }
    }

    /** A response is out: the next pipelined request, or the connection's end. */
    private void done(ChannelHandlerContext ctx, boolean keepOpen) {
        streaming = null;
        if (keepOpen) {
            next(ctx);
        } else {
            waiting.clear();
            var unused = ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            // The client closed its side. A hijacked stream goes on (the CLI closes stdin at once and still reads).
            // A streamed HTTP response (wait, logs -f) stops: an HTTP client that stops sending has left, and the
            // producer must be told. Otherwise the requests already received are answered, then the connection
            // closes.
            inputClosed = true;
            if (hijackInput != null) {
                hijackInput.end();
            }
            if (receiving != null) {
                receiving.pipe().fail(new IOException("the client closed the connection before the body's end"));
                receiving = null;
            }
            if (!hijacked && (!busy || streaming != null)) {
                var unused = ctx.close();
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (hijackInput != null) {
            hijackInput.fail();
            hijackInput = null;
        }
        if (receiving != null) {
            receiving.pipe().fail(new IOException("the client closed the connection before the body's end"));
            receiving = null;
        }
        if (streaming != null) {
            streaming.aborted();
            streaming = null;
        }
        waiting.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or broken pipe from the client; nothing to answer.
        LOG.log(Level.DEBUG, "connection failed; closing it", cause);
        var unused = ctx.close();
    }

    /**
     * A streamed body on this connection: chunks ({@code chunked}) or raw bytes. Writes from any thread are queued on
     * the event loop in call order; the end writes the last chunk and serves the next request, or closes a hijacked
     * connection.
     */
    private final class ChannelStream implements StreamOutput {
        private final ChannelHandlerContext ctx;
        private final boolean chunked;
        private final boolean keepAlive;
        private final List<Runnable> abortActions = new ArrayList<>();
        private boolean ended;
        private boolean aborted;

        ChannelStream(ChannelHandlerContext ctx, boolean chunked, boolean keepAlive) {
            this.ctx = ctx;
            this.chunked = chunked;
            this.keepAlive = keepAlive;
        }

        @Override
        public synchronized void write(byte[] bytes) {
            if (ended || aborted || bytes.length == 0) {
                return;
            }
            ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
            var unused = ctx.writeAndFlush(chunked ? new DefaultHttpContent(buffer) : buffer);
        }

        @Override
        public synchronized void end() {
            if (ended || aborted) {
                ended = true;
                return;
            }
            ended = true;
            if (chunked) {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                        .addListener((ChannelFutureListener) written -> done(ctx, written.isSuccess() && keepAlive));
            } else {
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void onAbort(Runnable action) {
            boolean now;
            synchronized (this) {
                now = aborted;
                if (!now) {
                    abortActions.add(action);
                }
            }
            if (now) {
                action.run();
            }
        }

        @Override
        public synchronized boolean isOpen() {
            return !ended && !aborted;
        }

        /** On the event loop: the connection closed. */
        void aborted() {
            List<Runnable> actions;
            synchronized (this) {
                if (aborted) {
                    return;
                }
                aborted = true;
                actions = ended ? List.of() : List.copyOf(abortActions);
                abortActions.clear();
            }
            for (Runnable action : actions) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "stopping a stream after the client left failed", e);
                }
            }
        }
    }

    /** The output of a stream whose client left before it began: drops writes, runs abort actions at once. */
    private static final class GoneStream implements StreamOutput {
        @Override
        public void write(byte[] bytes) {}

        @Override
        public void end() {}

        @Override
        public void onAbort(Runnable action) {
            action.run();
        }

        @Override
        public boolean isOpen() {
            return false;
        }
    }
}
