package io.shoal.engine.container;

/**
 * Where a container's or exec process's output goes while someone listens ({@code docker run} attached, {@code logs
 * -f}, {@code exec}). The engine calls {@link #write} from its own threads, one call at a time per sink, in the order
 * the process wrote, then {@link #end} once. The API adapter frames the chunks as Docker's multiplexed stream.
 */
public interface OutputSink {
    /** Which stream a chunk came from (the multiplexed stream's header byte: 1 stdout, 2 stderr). */
    enum Stream {
        STDOUT,
        STDERR
    }

    /** One chunk of output, at most 32 KiB; the array is the sink's to keep. */
    void write(Stream stream, byte[] chunk);

    /** No more output: the process exited and everything it wrote was delivered, or the listener was cancelled. */
    void end();
}
