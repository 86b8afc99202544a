package io.shoal.engine.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Follows a process's two output files (the runtime's {@link io.shoal.engine.runtime.Stdio} files, appended to by the
 * runtime) from given offsets and hands every new chunk (at most 32 KiB) to a receiver: standard output first, then
 * standard error, on each {@link #poll}. Within a stream the order is exact; between the streams it is the order in
 * which the polls saw the bytes, which is as close as two separate files allow. Not thread-safe: callers serialise.
 *
 * <p>A periodic poller calls {@link #pollWhenDue}: once {@value #IDLE_AFTER} polls in a row found nothing, it looks at
 * the files only every {@value #IDLE_STRIDE}-th call until something new shows, so an idle container costs half the
 * stat calls and new output waits at most {@value #IDLE_STRIDE} poll intervals (100 ms at shoald's 50 ms).
 */
final class OutputTailer {
    static final int CHUNK = 32 * 1024;
    /** Empty polls in a row after which {@link #pollWhenDue} backs off. */
    static final int IDLE_AFTER = 20;
    /** While backed off, {@link #pollWhenDue} looks at the files on one call in this many. */
    static final int IDLE_STRIDE = 2;

    /** Receives chunks, in order. */
    interface Receiver {
        void chunk(OutputSink.Stream stream, byte[] bytes);
    }

    private final Path stdout;
    private final Path stderr;
    private long stdoutOffset;
    private long stderrOffset;
    private int emptyPolls;
    private int skipped;

    OutputTailer(Path stdout, Path stderr, long stdoutOffset, long stderrOffset) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.stdoutOffset = stdoutOffset;
        this.stderrOffset = stderrOffset;
    }

    /** A tailer from the files' current ends (a missing file counts as empty). */
    static OutputTailer fromEnd(Path stdout, Path stderr) throws IOException {
        return new OutputTailer(stdout, stderr, size(stdout), size(stderr));
    }

    /** Hands everything new in both files to {@code receiver}. */
    void poll(Receiver receiver) throws IOException {
        long before = stdoutOffset + stderrOffset;
        stdoutOffset = drain(stdout, stdoutOffset, OutputSink.Stream.STDOUT, receiver);
        stderrOffset = drain(stderr, stderrOffset, OutputSink.Stream.STDERR, receiver);
        emptyPolls = stdoutOffset + stderrOffset == before ? Math.min(emptyPolls + 1, IDLE_AFTER) : 0;
    }

    /**
     * The periodic poller's look: {@link #poll}, except that an idle tailer (see the class comment) skips all but one
     * call in {@value #IDLE_STRIDE}; returns whether it looked.
     */
    boolean pollWhenDue(Receiver receiver) throws IOException {
        if (emptyPolls >= IDLE_AFTER && ++skipped < IDLE_STRIDE) {
            return false;
        }
        skipped = 0;
        poll(receiver);
        return true;
    }

    private static long drain(Path file, long offset, OutputSink.Stream stream, Receiver receiver) throws IOException {
        // Nearly every poll finds nothing new: a stat, not an open and a 32 KiB buffer (100 idle containers polled
        // every 50 ms made about 128 MB/s of garbage, a young collection every ~90 ms; docs/performance.md, Engine).
        if (size(file) <= offset) {
            return offset;
        }
        long position = offset;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            while (true) {
                buffer.clear();
                int n = channel.read(buffer, position);
                if (n <= 0) {
                    return position;
                }
                position += n;
                receiver.chunk(stream, Arrays.copyOf(buffer.array(), n));
            }
        }
    }

    /**
     * The file's size, 0 when it is missing: one stat(2). (Files.exists would add an access(2) per file and poll:
     * strace showed ~90 a second per followed container.)
     */
    static long size(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).size();
        } catch (NoSuchFileException e) {
            return 0;
        }
    }
}
