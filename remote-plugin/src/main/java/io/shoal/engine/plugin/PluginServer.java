package io.shoal.engine.plugin;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.shoal.unixhttp.UnixSocketListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plugin's HTTP/1.1 server on a unix domain socket (the {@link UnixSocketListener} the Engine API's server uses
 * too: Netty epoll, one event-loop thread, a stale socket replaced, mode 0660), the transport of
 * libnetwork's remote plugins: every call a {@code POST /Kind.Method} with a JSON body (or none), every reply a JSON
 * object (moby {@code pkg/plugins}). Calls run on {@code handlers}, since a driver call waits for the kernel, except
 * those {@link PluginCalls#quickCall} answers on the event loop without waiting for anything, and a connect's or
 * disconnect's own calls ({@link PluginCalls#isShort}), answered there while no other call runs. The socket's directory ({@code /run/docker/plugins}, root's) keeps others out before its mode
 * is set. Its protocol handlers are its own, and only what the calls need: Netty's request decoder, {@link
 * PluginRequestReader} joining a request's head and body, each reply written as one buffer ({@link ReplyBytes}), no
 * response encoder or aggregator (a call's path on the event loop is most of its cost after a pause:
 * docs/performance.md, issue 14). engine-api's carry the Engine API's versions, headers, streaming and hijacking.
 */
public final class PluginServer implements AutoCloseable {
    /** Far above any call's body: a CreateNetwork with pools and options is a few hundred bytes. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    /** The reply type go-plugins-helpers sends; dockerd does not check it. */
    static final String CONTENT_TYPE = "application/vnd.docker.plugins.v1.1+json";

    private static final System.Logger LOG = System.getLogger(PluginServer.class.getName());

    private final UnixSocketListener listener;

    private PluginServer(UnixSocketListener listener) {
        this.listener = listener;
    }

    /**
     * Listens on {@code socket}, answering with {@code calls} on {@code handlers}.
     *
     * @throws IOException when a live server answers on the socket, or it cannot be bound or its mode set
     */
    public static PluginServer start(Path socket, PluginCalls calls, Executor handlers) throws IOException {
        AtomicInteger running = new AtomicInteger();
        return new PluginServer(UnixSocketListener.start(socket, "the plugin", false, channel -> channel.pipeline()
                .addLast(new HttpRequestDecoder())
                .addLast(new PluginRequestReader(MAX_BODY_BYTES))
                .addLast(new CallHandler(calls, handlers, running))));
    }

    /** The socket's path. */
    public Path socket() {
        return listener.socket();
    }

    /** Stops listening, closes connections, removes the socket file. A second call does nothing. */
    @Override
    public void close() throws IOException {
        listener.close();
    }

    /**
     * One connection's requests: each call is answered on the handler pool, the reply written back in order; work a call
     * leaves for after its reply ({@link Reply#afterWritten}) starts on the handler pool once the reply is written.
     */
    private static final class CallHandler extends SimpleChannelInboundHandler<PluginRequest> {
        private final PluginCalls calls;
        private final Executor handlers;
        /**
         * Calls and work after replies running now, on every connection (the event loop's own and the handlers'):
         * a {@linkplain PluginCalls#isShort short} call is answered on the event loop only when it is alone, so it
         * never waits there for a lock another call holds, and the loop is never held up for a call already running.
         */
        private final AtomicInteger running;

        CallHandler(PluginCalls calls, Executor handlers, AtomicInteger running) {
            this.calls = calls;
            this.handlers = handlers;
            this.running = running;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, PluginRequest request) {
            boolean keepAlive = request.keepAlive();
            String path = request.path();
            if (!"POST".equals(request.method())) {
                // Not kept open after a HEAD: its reply has no body (RFC 9110 section 9.3.2), and this one has.
                write(
                        context,
                        new Reply(405, Map.of("Err", request.method() + " " + path + ": plugin calls are POST")),
                        keepAlive && !"HEAD".equals(request.method()));
                return;
            }
            byte[] body = request.body();
            Optional<Reply> quick = calls.quickCall(path, body);
            if (quick.isPresent()) {
                write(context, quick.get(), keepAlive);
                return;
            }
            if (calls.isShort(path) && running.compareAndSet(0, 1)) {
                // dockerd's connect and disconnect send their calls one after another, each a millisecond or so:
                // answered here, a call saves the hand-off to a handler thread and back (two thread wake-ups, and
                // the channel's read interest switched off and on). A call on another connection meanwhile waits
                // at most this one's time, then finds it done.
                Reply reply;
                try {
                    reply = calls.shortCall(path, body);
                } finally {
                    running.decrementAndGet();
                }
                write(context, reply, keepAlive);
                return;
            }
            // The channel does not read the next request before this reply is written (HTTP/1.1 without pipelining).
            context.channel().config().setAutoRead(false);
            running.incrementAndGet();
            try {
                handlers.execute(() -> {
                    Reply reply;
                    try {
                        reply = calls.call(path, body);
                    } finally {
                        running.decrementAndGet();
                    }
                    context.channel().eventLoop().execute(() -> {
                        write(context, reply, keepAlive);
                        context.channel().config().setAutoRead(true);
                    });
                });
            } catch (RejectedExecutionException e) {
                running.decrementAndGet();
                throw e;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            // A caller that went away (a reset, a broken pipe: a client past its timeout); nothing to answer.
            LOG.log(System.Logger.Level.DEBUG, "plugin connection failed; closing it", cause);
            var unused = context.close();
        }

        private void write(ChannelHandlerContext context, Reply reply, boolean keepAlive) {
            byte[] json;
            try {
                json = Json.JR.asBytes(reply.body());
            } catch (IOException e) {
                json = "{\"Err\":\"cannot render the reply\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            ChannelFuture written =
                    context.writeAndFlush(ReplyBytes.render(context.alloc(), reply.status(), json, keepAlive));
            written.addListener(
                    keepAlive ? ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE : ChannelFutureListener.CLOSE);
            if (reply.hasWorkAfter()) {
                // Once the reply is in the socket (not before: on a busy machine that work would take the core the
                // reply needs), on a handler thread, since it may wait for a driver's lock. A reply that did not
                // reach dockerd leaves nothing to do: dockerd rolls the call back.
                written.addListener(future -> {
                    if (future.isSuccess()) {
                        running.incrementAndGet();
                        try {
                            handlers.execute(() -> afterReply(reply));
                        } catch (RejectedExecutionException e) {
                            running.decrementAndGet();
                            LOG.log(System.Logger.Level.DEBUG, "plugin stopping: no work after a reply", e);
                        }
                    }
                });
            }
        }

        private void afterReply(Reply reply) {
            try {
                reply.afterWritten().run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "work after a plugin call's reply failed", e);
            } finally {
                running.decrementAndGet();
            }
        }
    }
}
