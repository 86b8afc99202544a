package io.shoal.engine.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A streamed request body between the event loop, which offers its chunks as they are decoded, and the handler
 * thread, which reads them as an {@link InputStream}. Back-pressure: above {@link #HIGH_WATER} bytes buffered the
 * event loop stops reading the socket ({@link #wantsMore} false, the pipe remembers it paused); once the reader has
 * drained it below {@link #LOW_WATER} the pipe asks the event loop for the next read ({@code resume}).
 */
final class BodyPipe extends InputStream {
    /** Buffered bytes above which the socket is no longer read: 1 MiB. */
    static final int HIGH_WATER = 1024 * 1024;

    /** Buffered bytes below which a paused socket is read again: 256 KiB. */
    static final int LOW_WATER = 256 * 1024;

    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final Runnable resume;
    private byte[] current = new byte[0];
    private int position;
    private long buffered;
    private boolean ended;
    private boolean paused;
    private boolean discarding;
    private IOException failure;
    private Runnable onEnd;

    /** A pipe that calls {@code resume} (from the reader's thread) when a paused socket should be read again. */
    BodyPipe(Runnable resume) {
        this.resume = Objects.requireNonNull(resume, "resume");
    }

    /** On the event loop: one more piece of the body; {@code last} for the final one. */
    void offer(byte[] chunk, boolean last) {
        Runnable ending = null;
        synchronized (this) {
            if (!discarding && chunk.length > 0) {
                chunks.add(chunk);
                buffered += chunk.length;
            }
            if (last) {
                ended = true;
                ending = onEnd;
                onEnd = null;
            }
            notifyAll();
        }
        if (ending != null) {
            ending.run();
        }
    }

    /** On the event loop: the connection closed before the body's end. */
    synchronized void fail(IOException why) {
        if (!ended) {
            failure = why;
            notifyAll();
        }
    }

    /**
     * On the event loop, after a read: whether to read the socket again. When not, the pipe counts itself paused and
     * calls {@code resume} once the reader has caught up.
     */
    synchronized boolean wantsMore() {
        if (ended || failure != null) {
            return false;
        }
        if (discarding || buffered < HIGH_WATER) {
            return true;
        }
        paused = true;
        return false;
    }

    /** Whether the whole body has arrived. */
    synchronized boolean ended() {
        return ended;
    }

    /**
     * The handler is done: whatever is still to come is dropped, and {@code action} runs once the body's end has
     * arrived (at once if it has); it runs on the event loop, or on the caller's thread if the end came before.
     * Returns whether reading must be resumed.
     */
    boolean discardRest(Runnable action) {
        boolean resumeReading;
        synchronized (this) {
            discarding = true;
            chunks.clear();
            buffered = 0;
            resumeReading = paused;
            paused = false;
            if (!ended && failure == null) {
                onEnd = action;
                return resumeReading;
            }
        }
        action.run();
        return false;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            return 0;
        }
        boolean wake;
        int n;
        synchronized (this) {
            while (position == current.length) {
                byte[] next = chunks.poll();
                if (next != null) {
                    current = next;
                    position = 0;
                    continue;
                }
                if (failure != null) {
                    throw failure;
                }
                if (ended) {
                    return -1;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the request body");
                }
            }
            n = Math.min(length, current.length - position);
            System.arraycopy(current, position, into, offset, n);
            position += n;
            buffered -= n;
            wake = paused && buffered < LOW_WATER;
            if (wake) {
                paused = false;
            }
        }
        if (wake) {
            resume.run();
        }
        return n;
    }

    @Override
    public synchronized int available() {
        return current.length - position;
    }
}
