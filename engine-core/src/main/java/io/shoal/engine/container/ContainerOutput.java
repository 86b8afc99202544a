package io.shoal.engine.container;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One container's output, across its runs: the runtime appends the task's standard output and error to {@code
 * stdout} and {@code stderr} in the container's directory; while the task runs an {@link OutputTailer} follows both
 * and (1) fans each chunk out at once to the live listeners ({@code attach}, {@code logs -f}) and (2) appends it, cut
 * into lines per stream, to {@code container.log}, the container's log: one record per line (a partial line is
 * written when the run ends), each with its stream and the time the tailer saw it. {@code logs} reads that file, so
 * lines of both streams come back in the order the tailer saw them.
 *
 * <p>Record format (big-endian, {@link DataOutputStream}): stream byte (1 stdout, 2 stderr), epoch seconds (long),
 * nanoseconds (int), length (int), bytes.
 *
 * <p>Thread-safe; sinks are called under this object's lock, one call at a time, in order.
 */
final class ContainerOutput {
    private static final Logger LOG = Logger.getLogger(ContainerOutput.class.getName());

    private final Path stdout;
    private final Path stderr;
    private final Path log;
    private final Clock clock;
    private final List<Listener> listeners = new ArrayList<>();
    private final Map<OutputSink.Stream, ByteArrayOutputStream> partial = new EnumMap<>(OutputSink.Stream.class);
    private OutputTailer tailer;

    ContainerOutput(Path dir, Clock clock) {
        this.stdout = dir.resolve("stdout");
        this.stderr = dir.resolve("stderr");
        this.log = dir.resolve("container.log");
        this.clock = clock;
    }

    Path stdoutFile() {
        return stdout;
    }

    Path stderrFile() {
        return stderr;
    }

    Path logFile() {
        return log;
    }

    /** A run begins: follow the files from their current ends. */
    synchronized void beginRun() throws EngineException {
        try {
            tailer = OutputTailer.fromEnd(stdout, stderr);
        } catch (IOException e) {
            throw new EngineException(ErrorKind.INTERNAL, "cannot read " + stdout + ": " + e.getMessage(), e);
        }
    }

    /** Whether a run is being followed. */
    synchronized boolean following() {
        return tailer != null;
    }

    /** Delivers what is new (logs, the end of a run, tests). */
    synchronized void poll() {
        if (tailer == null) {
            return;
        }
        try {
            tailer.poll(this::deliver);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "reading the output of " + stdout.getParent() + " failed", e);
        }
    }

    /** The periodic poller's look while the task runs: {@link #poll} with the tailer's idle back-off. */
    synchronized void pollWhenDue() {
        if (tailer == null) {
            return;
        }
        try {
            tailer.pollWhenDue(this::deliver);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "reading the output of " + stdout.getParent() + " failed", e);
        }
    }

    /**
     * The run ended and the runtime has written everything (the task was deleted): delivers the rest, writes partial
     * lines, and ends every listener.
     */
    synchronized void endRun() {
        poll();
        for (OutputSink.Stream stream : OutputSink.Stream.values()) {
            ByteArrayOutputStream pending = partial.remove(stream);
            if (pending != null && pending.size() > 0) {
                appendRecord(stream, pending.toByteArray());
            }
        }
        tailer = null;
        endAll();
    }

    /** A start failed after {@link #beginRun}: stops following and ends every listener. */
    synchronized void abortRun() {
        tailer = null;
        endAll();
    }

    /** Ends every listener (container removed, or a start failed). */
    synchronized void endAll() {
        for (Listener listener : new ArrayList<>(listeners)) {
            listener.end();
        }
        listeners.clear();
    }

    /**
     * Adds a live listener until the current (or next) run ends; with {@code endNow} the sink is ended at once (the
     * container has stopped and will not start by itself).
     */
    synchronized OutputSubscription attach(boolean out, boolean err, OutputSink sink, boolean endNow) {
        Listener listener = new Listener(sink, out, err, Optional.empty());
        if (endNow) {
            listener.end();
        } else {
            listeners.add(listener);
        }
        return () -> close(listener);
    }

    /** Replays the stored log as {@code options} ask, then follows (while {@code running}) or ends. */
    synchronized OutputSubscription logs(LogOptions options, OutputSink sink, boolean running) {
        Listener listener = new Listener(
                sink, options.stdout(), options.stderr(), options.timestamps() ? Optional.of(clock) : Optional.empty());
        Deque<LogRecord> records = new ArrayDeque<>();
        try {
            for (LogRecord record : readLog()) {
                if (listener.wants(record.stream())
                        && !record.time().isBefore(options.since())
                        && !record.time().isAfter(options.until())) {
                    records.addLast(record);
                    if (options.tail().isPresent()
                            && records.size() > options.tail().getAsInt()) {
                        records.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "reading " + log + " failed", e);
        }
        if (options.tail().isPresent() && options.tail().getAsInt() == 0) {
            records.clear();
        }
        for (LogRecord record : records) {
            listener.write(record.stream(), record.bytes(), record.time());
        }
        if (options.follow() && running && tailer != null) {
            listeners.add(listener);
        } else {
            listener.end();
        }
        return () -> close(listener);
    }

    private synchronized void close(Listener listener) {
        listeners.remove(listener);
        listener.end();
    }

    private void deliver(OutputSink.Stream stream, byte[] bytes) {
        for (Listener listener : new ArrayList<>(listeners)) {
            if (listener.wants(stream) && !listener.write(stream, bytes.clone())) {
                listeners.remove(listener);
            }
        }
        ByteArrayOutputStream pending = partial.computeIfAbsent(stream, s -> new ByteArrayOutputStream());
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                pending.write(bytes, start, i + 1 - start);
                appendRecord(stream, pending.toByteArray());
                pending.reset();
                start = i + 1;
            }
        }
        pending.write(bytes, start, bytes.length - start);
        if (pending.size() >= OutputTailer.CHUNK) {
            appendRecord(stream, pending.toByteArray());
            pending.reset();
        }
    }

    private void appendRecord(OutputSink.Stream stream, byte[] bytes) {
        Instant now = clock.instant();
        try (OutputStream file = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(file))) {
            data.writeByte(stream == OutputSink.Stream.STDOUT ? 1 : 2);
            data.writeLong(now.getEpochSecond());
            data.writeInt(now.getNano());
            data.writeInt(bytes.length);
            data.write(bytes);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "writing " + log + " failed", e);
        }
    }

    private List<LogRecord> readLog() throws IOException {
        List<LogRecord> records = new ArrayList<>();
        if (!Files.exists(log)) {
            return records;
        }
        try (InputStream file = Files.newInputStream(log);
                DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(file))) {
            while (true) {
                int tag;
                try {
                    tag = data.readUnsignedByte();
                } catch (EOFException end) {
                    return records;
                }
                Instant time = Instant.ofEpochSecond(data.readLong(), data.readInt());
                byte[] bytes = new byte[data.readInt()];
                data.readFully(bytes);
                records.add(new LogRecord(tag == 1 ? OutputSink.Stream.STDOUT : OutputSink.Stream.STDERR, time, bytes));
            }
        }
    }

    /** One stored line. */
    private static final class LogRecord {
        private final OutputSink.Stream stream;
        private final Instant time;
        private final byte[] bytes;

        LogRecord(OutputSink.Stream stream, Instant time, byte[] bytes) {
            this.stream = stream;
            this.time = time;
            this.bytes = bytes;
        }

        OutputSink.Stream stream() {
            return stream;
        }

        Instant time() {
            return time;
        }

        byte[] bytes() {
            return bytes;
        }
    }

    /** A sink with its stream choice, and with a time before each line when {@code stamps} is given; ended once. */
    private static final class Listener {
        private final OutputSink sink;
        private final boolean out;
        private final boolean err;
        private final Optional<Clock> stamps;
        private final Set<OutputSink.Stream> midLine = EnumSet.noneOf(OutputSink.Stream.class);
        private final AtomicBoolean ended = new AtomicBoolean();

        Listener(OutputSink sink, boolean out, boolean err, Optional<Clock> stamps) {
            this.sink = sink;
            this.out = out;
            this.err = err;
            this.stamps = stamps;
        }

        /** A live chunk: with timestamps, each line that starts in it gets the time it was read. */
        boolean write(OutputSink.Stream stream, byte[] bytes) {
            return stamps.isEmpty()
                    ? send(stream, bytes)
                    : write(stream, bytes, stamps.get().instant());
        }

        /** Bytes of a stream, with {@code time} before each line that starts in them when timestamps are asked for. */
        synchronized boolean write(OutputSink.Stream stream, byte[] bytes, Instant time) {
            if (stamps.isEmpty()) {
                return send(stream, bytes);
            }
            byte[] stamp = LogTimestamps.prefix(time);
            ByteArrayOutputStream stamped = new ByteArrayOutputStream(bytes.length + stamp.length);
            for (byte b : bytes) {
                if (!midLine.contains(stream)) {
                    stamped.writeBytes(stamp);
                    midLine.add(stream);
                }
                stamped.write(b);
                if (b == '\n') {
                    midLine.remove(stream);
                }
            }
            return send(stream, stamped.toByteArray());
        }

        boolean wants(OutputSink.Stream stream) {
            return stream == OutputSink.Stream.STDOUT ? out : err;
        }

        /** False when the sink failed (it is then ended and dropped). */
        private boolean send(OutputSink.Stream stream, byte[] bytes) {
            if (ended.get()) {
                return false;
            }
            try {
                sink.write(stream, bytes);
                return true;
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "an output listener failed; dropped", e);
                end();
                return false;
            }
        }

        void end() {
            if (ended.compareAndSet(false, true)) {
                try {
                    sink.end();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "an output listener failed at its end", e);
                }
            }
        }
    }
}
