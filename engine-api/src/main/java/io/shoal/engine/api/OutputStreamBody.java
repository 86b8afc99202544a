package io.shoal.engine.api;

import io.shoal.engine.container.OutputSink;
import io.shoal.engine.container.OutputSubscription;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's or exec process's output as a streamed response body. The engine writes to it as an {@link
 * OutputSink} from its own threads, possibly before the response's head has gone out (an attach subscribes before the
 * 101, so nothing the container prints right after start is lost): chunks wait here until {@link #open}. Each chunk
 * becomes one frame of Docker's multiplexed stream (moby {@code pkg/stdcopy}: byte 0 the stream, 1 stdout or 2
 * stderr; bytes 1–3 zero; bytes 4–7 the payload's length, big-endian), or is sent as is for a TTY container. When
 * the client goes away the subscription, if any, is closed.
 */
final class OutputStreamBody implements OutputSink, StreamBody {
    /** The multiplexed stream's media type (API ≥ 1.42, non-TTY). */
    static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";

    /** The raw stream's media type (TTY, or API < 1.42). */
    static final String RAW = "application/vnd.docker.raw-stream";

    private final boolean multiplexed;
    private final List<byte[]> pending = new ArrayList<>();
    private StreamOutput out;
    private boolean ended;
    private boolean aborted;
    private OutputSubscription subscription;

    /** A body that frames each chunk when {@code multiplexed}. */
    OutputStreamBody(boolean multiplexed) {
        this.multiplexed = multiplexed;
    }

    /** The 8-byte header and the payload of one multiplexed frame. */
    static byte[] frame(Stream stream, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length)
                .put((byte) (stream == Stream.STDERR ? 2 : 1))
                .put(new byte[3])
                .putInt(payload.length)
                .put(payload)
                .array();
    }

    @Override
    public synchronized void write(Stream stream, byte[] chunk) {
        if (ended || aborted || chunk.length == 0) {
            return;
        }
        byte[] bytes = multiplexed ? frame(stream, chunk) : chunk;
        if (out == null) {
            pending.add(bytes);
        } else {
            out.write(bytes);
        }
    }

    @Override
    public synchronized void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (out != null) {
            out.end();
        }
    }

    /** The subscription to close when the client leaves; closed at once if it has left already. */
    void subscription(OutputSubscription subscription) {
        boolean closeNow;
        synchronized (this) {
            this.subscription = subscription;
            closeNow = aborted;
        }
        if (closeNow) {
            subscription.close();
        }
    }

    @Override
    public void open(StreamOutput output) {
        synchronized (this) {
            out = output;
            pending.forEach(output::write);
            pending.clear();
            if (ended) {
                output.end();
            }
        }
        output.onAbort(this::abort);
    }

    private void abort() {
        OutputSubscription toClose;
        synchronized (this) {
            aborted = true;
            pending.clear();
            toClose = subscription;
        }
        if (toClose != null) {
            toClose.close();
        }
    }
}
