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
 * The named pipes of one process's stdout and stderr, and the threads that copy them into the {@link Stdio} files.
 *
 * <p>The runc shim opens each pipe for writing inside {@code Tasks.Create} (or {@code Exec}) and does not return until
 * that open has completed, which for a FIFO means until a reader has opened it (containerd 1.6 {@code
 * pkg/process/io.go} with containerd/fifo's blocking open; containerd's own client opens its read ends first, for the
 * same reason). So the copying threads start, and block in open(2), before the request is sent; if the request fails,
 * {@link #abandon} opens each pipe for writing once to release them. The copy ends at EOF, when the shim closes its
 * write end after the process's output is all out (at task or process delete at the latest). A process whose stream
 * has no file gets "" (the shim's /dev/null).
 */
final class StdioPipes {
    private static final Logger LOG = Logger.getLogger(StdioPipes.class.getName());
    private static final long DRAIN_TIMEOUT_SECONDS = 5;

    private final Path directory;
    private final String prefix;
    private final Stdio stdio;
    private final List<Thread> pumps = new ArrayList<>();

    private StdioPipes(Path directory, String prefix, Stdio stdio) {
        this.directory = directory;
        this.prefix = prefix;
        this.stdio = stdio;
    }

    /** Makes the pipes {@code directory/prefix-stdout} and {@code -stderr} for the streams {@code stdio} keeps. */
    static StdioPipes create(Path directory, String prefix, Stdio stdio, String object)
            throws ContainerRuntimeException {
        StdioPipes pipes = new StdioPipes(directory, prefix, stdio);
        try {
            Files.createDirectories(directory);
            if (pipes.anyKept()) {
                Fifos.create(pipes.fifo("stdout"));
                Fifos.create(pipes.fifo("stderr"));
            }
            return pipes;
        } catch (IOException | KernelException e) {
            pipes.remove();
            throw new ContainerRuntimeException(Kind.INTERNAL, "make stdio pipes", object, e.getMessage(), e);
        }
    }

    /**
     * The runc shim of containerd 1.6 accepts "" (/dev/null) only when every stream is "": with one pipe given it
     * tries to open "" for the other. So when any stream is kept both get a pipe, the discarded one copied nowhere.
     */
    private boolean anyKept() {
        return stdio.stdout().isPresent() || stdio.stderr().isPresent();
    }

    /** The pipe path to hand the shim for stdout, or "" when both streams are discarded. */
    String stdoutUri() {
        return anyKept() ? fifo("stdout").toString() : "";
    }

    /** The pipe path to hand the shim for stderr, or "" when both streams are discarded. */
    String stderrUri() {
        return anyKept() ? fifo("stderr").toString() : "";
    }

    /** Starts copying; call before Tasks.Create or Tasks.Exec, which wait for the read ends to be open. */
    void startCopying(String object) {
        pump(stdio.stdout(), "stdout", object);
        pump(stdio.stderr(), "stderr", object);
    }

    /** Waits (a few seconds at most) for the copies to reach EOF, then removes the pipes. */
    void drainAndRemove() {
        for (Thread pump : pumps) {
            try {
                pump.join(TimeUnit.SECONDS.toMillis(DRAIN_TIMEOUT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (pump.isAlive()) {
                LOG.warning(() -> pump.getName() + " has not reached EOF; leaving it");
            }
        }
        remove();
    }

    /**
     * After a failed Create or Exec: the shim never opened the pipes, so each copying thread still waits in open(2);
     * opening the write end once lets it through to EOF. Then removes the pipes.
     */
    void abandon() {
        for (Thread pump : pumps) {
            if (pump.isAlive()) {
                Thread release = new Thread(() -> releaseReader(pump), "release " + pump.getName());
                release.setDaemon(true);
                release.start();
            }
        }
        drainAndRemove();
    }

    private void releaseReader(Thread pump) {
        Path fifo = fifo(pump.getName().endsWith("stdout") ? "stdout" : "stderr");
        try (OutputStream writer = new FileOutputStream(fifo.toFile())) {
            LOG.fine(() -> "released the reader of " + fifo);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot release the reader of " + fifo, e);
        }
    }

    /** Removes the pipes (not the directory, which other processes of the container share). */
    void remove() {
        for (String stream : List.of("stdout", "stderr")) {
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

    private void pump(Optional<Path> target, String stream, String object) {
        if (!anyKept()) {
            return;
        }
        Path source = fifo(stream);
        Thread pump = new Thread(() -> copy(source, target), "stdio " + object + " " + stream);
        pump.setDaemon(true);
        pumps.add(pump);
        pump.start();
    }

    /** Copies {@code fifo} to EOF, appending to {@code file}, or reading it empty when there is none. */
    private static void copy(Path fifo, Optional<Path> file) {
        try (InputStream in = new FileInputStream(fifo.toFile());
                OutputStream out = file.isPresent()
                        ? new FileOutputStream(file.get().toFile(), true)
                        : OutputStream.nullOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "copying " + fifo + " to " + file + " failed", e);
        }
    }
}
