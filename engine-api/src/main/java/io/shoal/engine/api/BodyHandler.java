package io.shoal.engine.api;

import io.shoal.engine.errors.EngineException;
import java.io.InputStream;

/**
 * Serves a route whose request body is streamed rather than joined in memory ({@code POST /images/create}: a root
 * filesystem tarball of any size). Called on the handler executor as soon as the request's head has arrived; {@code
 * body} yields the body's bytes as they come off the socket (chunked or sized) and blocks until more arrive, reading
 * being paused while the handler lags behind. What the handler leaves unread is discarded before the response goes out.
 */
@FunctionalInterface
public interface BodyHandler {
    /**
     * Answers {@code request}, reading its body from {@code body}.
     *
     * @throws EngineException a failure the client is told of, with the status of its kind
     */
    Response handle(Request request, InputStream body) throws EngineException;
}
