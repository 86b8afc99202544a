package io.shoal.engine.api;

/**
 * Where a streamed response's body goes: a chunk of an HTTP chunked body, or raw bytes on a hijacked connection.
 * Thread-safe; every write is flushed to the socket at once (Netty {@code writeAndFlush}), in the order of the calls.
 * Writes after {@link #end} or after the client went away are dropped.
 */
public interface StreamOutput {
    /** Sends {@code bytes} (not copied; do not change them afterwards). */
    void write(byte[] bytes);

    /**
     * Ends the body: the last chunk of a chunked body (the connection then serves the next request), or the end of a
     * hijacked stream (the connection is closed). Idempotent.
     */
    void end();

    /**
     * Runs {@code action} once if the connection closes before {@link #end} (the client went away): the producer stops
     * (e.g. closes its subscription). Runs at once if that has happened already. Called on the event loop.
     */
    void onAbort(Runnable action);

    /** Whether writes still reach the client. */
    boolean isOpen();
}
