package io.shoal.engine.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Follows a process's two output files (the runtime's {@link io.shoal.engine.runtime.Stdio} files, appended to by the
 * runtime) from given offsets and hands every new chunk (at most 32 KiB) to a receiver: standard output first, then
 * standard error, on each {@link #poll}. Within a stream the order is exact; between the streams it is the order in
 * which the polls saw the bytes, which is as close as two separate files allow. Not thread-safe: callers serialise.
 */
final class OutputTailer {
    static final int CHUNK = 32 * 1024;

    /** Receives chunks, in order. */
    interface Receiver {
        void chunk(OutputSink.Stream stream, byte[] bytes);
    }

    private final Path stdout;
    private final Path stderr;
    private long stdoutOffset;
    private long stderrOffset;

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
        stdoutOffset = drain(stdout, stdoutOffset, OutputSink.Stream.STDOUT, receiver);
        stderrOffset = drain(stderr, stderrOffset, OutputSink.Stream.STDERR, receiver);
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

    static long size(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }
}
