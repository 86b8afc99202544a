package io.shoal.engine.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;

/**
 * A process's standard input between the engine and the runtime: attached clients {@link #write} into it, the runtime
 * reads it as an {@link InputStream} (its {@link io.shoal.engine.runtime.Stdio#stdin}). A bounded buffer: a writer
 * waits while {@link #CAPACITY} bytes are unread, so a client sending faster than the process reads is slowed down
 * instead of filling the engine's memory. {@link #endInput} is the end of input (the reader sees EOF once it has read
 * what is buffered); {@link #close} ends it for both sides (writers fail, the reader sees EOF).
 */
final class StdinPipe extends InputStream {
    /** Unread bytes above which writers wait: 64 KiB, a Linux pipe's default size. */
    static final int CAPACITY = 64 * 1024;

    private final byte[] buffer = new byte[CAPACITY];
    private int start;
    private int count;
    private boolean inputEnded;
    private boolean closed;

    /**
     * Appends {@code bytes[offset, offset+length)}, waiting while the buffer is full. IOException once input has
     * ended or the pipe is closed.
     */
    synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int done = 0;
        while (done < length) {
            while (count == CAPACITY && !inputEnded && !closed) {
                await();
            }
            if (inputEnded || closed) {
                throw new IOException("standard input is closed");
            }
            int end = (start + count) % CAPACITY;
            int n = Math.min(length - done, Math.min(CAPACITY - count, CAPACITY - end));
            System.arraycopy(bytes, offset + done, buffer, end, n);
            count += n;
            done += n;
            notifyAll();
        }
    }

    /** No more input: the reader gets what is buffered, then EOF. Idempotent. */
    synchronized void endInput() {
        inputEnded = true;
        notifyAll();
    }

    /** Whether input has ended or the pipe is closed. */
    synchronized boolean inputEnded() {
        return inputEnded || closed;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] into, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            return 0;
        }
        while (count == 0) {
            if (inputEnded || closed) {
                return -1;
            }
            await();
        }
        int n = Math.min(length, Math.min(count, CAPACITY - start));
        System.arraycopy(buffer, start, into, offset, n);
        start = (start + n) % CAPACITY;
        count -= n;
        notifyAll();
        return n;
    }

    @Override
    public synchronized int available() {
        return count;
    }

    /** Ends the pipe for both sides; what is buffered is dropped. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        count = 0;
        notifyAll();
    }

    /** One wait for a change; every caller waits in a loop that re-checks its condition. */
    @SuppressWarnings("WaitNotInLoop")
    private void await() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on standard input");
        }
    }
}
