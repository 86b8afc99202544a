package io.shoal.engine.api;

import java.io.IOException;
import java.io.InputStream;

/**
 * What the client sends on a hijacked connection (the stdin of {@code docker run -i}, {@code attach}, {@code exec
 * -i}), for the engine to read as an {@link InputStream}: the bytes as they arrive, EOF when the client half-closes
 * its side (the docker CLI does at the end of its stdin), an IOException when the connection closes. Made by the
 * handler before the hijack; the connection feeds it afterwards, reading the socket only as fast as the engine
 * consumes (a {@link BodyPipe}: above 1 MiB unread the socket is no longer read until the reader catches up).
 */
final class HijackInput {
    private volatile Runnable resume = () -> {};
    private final BodyPipe pipe = new BodyPipe(() -> resume.run());

    /** The stream the engine reads. */
    InputStream stream() {
        return pipe;
    }

    /** On the event loop: bytes from the client; returns whether the socket may be read further now. */
    boolean offer(byte[] bytes) {
        pipe.offer(bytes, false);
        return pipe.wantsMore();
    }

    /** On the event loop: the client half-closed (EOF after what was sent). */
    void end() {
        pipe.offer(new byte[0], true);
    }

    /** On the event loop: the connection closed. */
    void fail() {
        pipe.fail(new IOException("the client closed the connection"));
    }

    /** Sets what to run, from the reader's thread, when a paused socket may be read again. */
    void onResume(Runnable action) {
        resume = action;
    }
}
