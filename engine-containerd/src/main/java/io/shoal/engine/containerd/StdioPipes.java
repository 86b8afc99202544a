package io.shoal.engine.containerd;

import io.shoal.engine.runtime.ContainerRuntimeException;
import io.shoal.engine.runtime.ContainerRuntimeException.Kind;
import io.shoal.engine.runtime.Stdio;
import io.shoal.netlink.Fifos;
import io.shoal.netlink.KernelException;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The named pipes of one process's standard streams and their copies: stdout and stderr into the {@link Stdio} files
 * (by the runtime's one {@link StdioPump}), the {@link Stdio#stdin} stream into the stdin pipe (by a thread of its
 * own, only for a process that has one).
 *
 * <p>The runc shim opens each output pipe for writing inside {@code Tasks.Create} (or {@code Exec}) and does not
 * return until that open has completed, which for a FIFO means until a reader has opened it (containerd 1.6 {@code
 * pkg/process/io.go} with containerd/fifo's blocking open; containerd's own client opens its read ends first, for the
 * same reason). So the pump opens the read ends (non-blocking, at once) before the request is sent; if the request
 * fails, {@link #abandon} cancels those copies. An output copy ends at EOF, when the shim closes its write end after
 * the process's output is all out (at task or process delete at the latest). The shim opens the stdin pipe for
 * reading without waiting (O_NONBLOCK, its open completing in the background); the stdin copy opens the write end,
 * copies until the engine's stream ends, closes the pipe (the shim sees EOF) and calls the runtime back
 * (Tasks.CloseIO). A process whose stream has no file gets "" (the shim's /dev/null). On a terminal the shim uses the
 * stdout pipe only (console output), so stderr gets "".
 */
final class StdioPipes {
    private static final Logger LOG = Logger.getLogger(StdioPipes.class.getName());
    private static final long DRAIN_TIMEOUT_SECONDS = 5;

    private final Path directory;
    private final String prefix;
    private final Stdio stdio;
    private final StdioPump pump;
    private final List<StdioPump.Copy> copies = new ArrayList<>();
    private Thread feeder;

    private StdioPipes(StdioPump pump, Path directory, String prefix, Stdio stdio) {
        this.pump = pump;
        this.directory = directory;
        this.prefix = prefix;
        this.stdio = stdio;
    }

    /**
     * Makes the pipes {@code directory/prefix-stdout} and {@code -stderr} for the streams {@code stdio} keeps, to be
     * copied by {@code pump}.
     */
    static StdioPipes create(StdioPump pump, Path directory, String prefix, Stdio stdio, String object)
            throws ContainerRuntimeException {
        StdioPipes pipes = new StdioPipes(pump, directory, prefix, stdio);
        try {
            Files.createDirectories(directory);
            for (String stream : pipes.outputStreams()) {
                Fifos.create(pipes.fifo(stream));
            }
            if (stdio.stdin().isPresent()) {
                Fifos.create(pipes.fifo("stdin"));
            }
            return pipes;
        } catch (IOException | KernelException e) {
            pipes.remove();
            throw new ContainerRuntimeException(Kind.INTERNAL, "make stdio pipes", object, e.getMessage(), e);
        }
    }

    /**
     * The pipes an earlier engine made for a task that still runs, to be copied again by {@code pump}: the output
     * streams {@code stdio} keeps whose pipe is still there.
     */
    static StdioPipes existing(StdioPump pump, Path directory, String prefix, Stdio stdio) {
        return new StdioPipes(
                pump, directory, prefix, new Stdio(stdio.stdout(), stdio.stderr(), Optional.empty(), stdio.terminal()));
    }

    /**
     * Copies the output pipes that exist again (see {@link #existing}). The shim still holds each one open for
     * writing, so no EOF comes before the task's end.
     */
    void resumeCopying(String object) throws ContainerRuntimeException {
        for (String stream : outputStreams()) {
            if (!Files.exists(fifo(stream))) {
                continue; // the task has no pipe for it (both streams discarded)
            }
            try {
                copies.add(pump.start(fifo(stream), stream.equals("stdout") ? stdio.stdout() : stdio.stderr()));
            } catch (IOException | KernelException e) {
                copies.forEach(StdioPump.Copy::cancel);
                copies.clear();
                throw new ContainerRuntimeException(Kind.INTERNAL, "copy " + stream, object, e.getMessage(), e);
            }
        }
    }

    /** Cancels the copies without touching the pipes (another copy of the same pipes won a race). */
    void abandonCopies() {
        copies.forEach(StdioPump.Copy::cancel);
    }

    /**
     * The runc shim of containerd 1.6 accepts "" (/dev/null) only when every stream is "": with one pipe given it
     * tries to open "" for the other. So when any stream is kept (or there is a stdin or a terminal) both output
     * streams get a pipe, the discarded one copied nowhere; on a terminal only stdout has one.
     */
    private boolean anyKept() {
        return stdio.stdout().isPresent()
                || stdio.stderr().isPresent()
                || stdio.stdin().isPresent()
                || stdio.terminal();
    }

    private List<String> outputStreams() {
        if (!anyKept()) {
            return List.of();
        }
        return stdio.terminal() ? List.of("stdout") : List.of("stdout", "stderr");
    }

    /** The pipe path to hand the shim for stdout, or "" when both streams are discarded. */
    String stdoutUri() {
        return outputStreams().contains("stdout") ? fifo("stdout").toString() : "";
    }

    /** The pipe path to hand the shim for stderr, or "" when it is discarded or on a terminal. */
    String stderrUri() {
        return outputStreams().contains("stderr") ? fifo("stderr").toString() : "";
    }

    /** The pipe path to hand the shim for stdin, or "" when the process reads /dev/null. */
    String stdinUri() {
        return stdio.stdin().isPresent() ? fifo("stdin").toString() : "";
    }

    /**
     * Starts copying; call before Tasks.Create or Tasks.Exec, which wait for the read ends to be open. {@code
     * stdinClosed} runs once the engine's stdin stream has ended and the pipe is closed (not when the process went
     * away first). On failure nothing is left copying and the pipes are removed.
     */
    void startCopying(String object, Runnable stdinClosed) throws ContainerRuntimeException {
        for (String stream : outputStreams()) {
            try {
                copies.add(pump.start(fifo(stream), stream.equals("stdout") ? stdio.stdout() : stdio.stderr()));
            } catch (IOException | KernelException e) {
                copies.forEach(StdioPump.Copy::cancel);
                drainAndRemove();
                throw new ContainerRuntimeException(Kind.INTERNAL, "copy " + stream, object, e.getMessage(), e);
            }
        }
        stdio.stdin().ifPresent(input -> feed(input, object, stdinClosed));
    }

    /** Waits (a few seconds at most) for the copies to reach EOF, then removes the pipes. */
    void drainAndRemove() {
        for (StdioPump.Copy copy : copies) {
            try {
                if (!copy.awaitEnd(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    LOG.warning(() -> "the copy of " + copy.fifo() + " has not reached EOF; leaving it");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        remove();
    }

    /**
     * After a failed Create or Exec: the shim never opened the pipes, so no EOF will come; the output copies are
     * cancelled, and the stdin copy, still waiting in open(2) for the shim's read end, is let through by opening that
     * end once. Then removes the pipes.
     */
    void abandon() {
        if (feeder != null && feeder.isAlive()) {
            Thread release = new Thread(this::releaseWriter, "release " + feeder.getName());
            release.setDaemon(true);
            release.start();
        }
        copies.forEach(StdioPump.Copy::cancel);
        drainAndRemove();
    }

    /** The stdin copy still waits in open(2) for the shim's read end: opening it once lets it through. */
    private void releaseWriter() {
        Path fifo = fifo("stdin");
        try (InputStream reader = new FileInputStream(fifo.toFile())) {
            LOG.fine(() -> "released the writer of " + fifo);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot release the writer of " + fifo, e);
        }
    }

    /** Removes the pipes (not the directory, which other processes of the container share). */
    void remove() {
        for (String stream : List.of("stdout", "stderr", "stdin")) {
            try {
                Files.deleteIfExists(fifo(stream));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot remove " + fifo(stream), e);
            }
        }
    }

    /**
     * Removes a task's pipe directory with whatever pipes are left in it (those of an engine that restarted and no
     * longer copies them).
     */
    static void removeDirectory(Path directory) {
        try (var entries = Files.list(directory)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                Files.deleteIfExists(entry);
            }
            Files.deleteIfExists(directory);
        } catch (NoSuchFileException e) {
            // Nothing was made: the task had no pipes.
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove " + directory, e);
        }
    }

    private Path fifo(String stream) {
        return directory.resolve(prefix + "-" + stream);
    }

    private void feed(InputStream input, String object, Runnable stdinClosed) {
        Path fifo = fifo("stdin");
        feeder = new Thread(() -> copyIn(input, fifo, stdinClosed), "stdio " + object + " stdin");
        feeder.setDaemon(true);
        feeder.start();
    }

    /**
     * Copies the engine's stream into the stdin pipe until it ends, then closes the pipe and reports it. A write that
     * fails (the process and the shim's reader are gone: EPIPE) ends the copy without a report.
     */
    private static void copyIn(InputStream input, Path fifo, Runnable stdinClosed) {
        boolean ended = false;
        try (OutputStream out = new FileOutputStream(fifo.toFile())) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = input.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            ended = true;
        } catch (IOException e) {
            LOG.log(Level.FINE, "feeding " + fifo + " ended", e);
        }
        if (ended) {
            stdinClosed.run();
        }
    }
}
