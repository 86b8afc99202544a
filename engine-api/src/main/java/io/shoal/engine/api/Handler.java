package io.shoal.engine.api;

import io.shoal.engine.errors.EngineException;

/**
 * Serves one route. Called on the server's handler executor, never on a Netty event loop, so it may block (on
 * containerd, on the kernel); calls for different connections run concurrently, calls on one connection one after
 * the other.
 */
@FunctionalInterface
public interface Handler {
    /**
     * Answers {@code request}.
     *
     * @throws EngineException a failure the client is told of, with the status of its kind and {@code {"message":…}}
     */
    Response handle(Request request) throws EngineException;
}
