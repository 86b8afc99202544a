package io.shoal.engine.api;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.shoal.unixhttp.UnixSocketListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * The Engine API's HTTP/1.1 server on a unix domain socket (Netty epoll, the {@link UnixSocketListener} it shares
 * with the remote plugin). The socket file gets mode 0660, owned by the engine's user (root): only root and the file's
 * group may talk to the engine, as with dockerd's socket.
 *
 * <p>Requests are decoded on one event loop and handed to {@code handlers}; a body may be sized or chunked and is
 * limited to {@code maxBodyBytes} (413 above), except on a route that streams its body to a {@link BodyHandler}
 * (unlimited, read as fast as the handler consumes). Responses may be streamed (chunked) or hijack the connection
 * ({@link Response#chunked}, {@link Response#hijack}). {@link #close()} stops accepting, closes connections and removes the
 * socket file; it does not shut {@code handlers} down (the caller owns it).
 */
public final class ApiServer implements AutoCloseable {
    /** The default body limit, 4 MiB: far above any JSON body the CLI sends (a container create is a few KiB). */
    public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

    /** The largest header block accepted, 64 KiB (the CLI's X-Registry-Auth header can be long). */
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final UnixSocketListener listener;

    private ApiServer(UnixSocketListener listener) {
        this.listener = listener;
    }

    /**
     * Listens on {@code socket}, serving {@code router}'s routes on {@code handlers}.
     *
     * @throws IOException if the socket is in use by a live server, cannot be bound, or its mode cannot be set
     */
    public static ApiServer start(Path socket, Router router, Executor handlers, EngineInfo engine, int maxBodyBytes)
            throws IOException {
        Dispatcher dispatcher = new Dispatcher(router);
        Responses responses = new Responses(engine);
        // A client's half-close must not close the connection: the CLI closes stdin after a hijack and still reads
        // the output.
        return new ApiServer(UnixSocketListener.start(socket, "the Engine API", true, channel -> channel.pipeline()
                .addLast(new HttpServerCodec(new HttpDecoderConfig().setMaxHeaderSize(MAX_HEADER_BYTES)))
                .addLast(new BodyLimit(maxBodyBytes, responses, dispatcher))
                .addLast(new ConnectionHandler(dispatcher, responses, handlers))));
    }

    /** The socket's path. */
    public Path socket() {
        return listener.socket();
    }

    /**
     * Stops listening, closes every connection, removes the socket file; waits for the event loop to end. A second
     * call does nothing.
     */
    @Override
    public void close() throws IOException {
        listener.close();
    }
}
