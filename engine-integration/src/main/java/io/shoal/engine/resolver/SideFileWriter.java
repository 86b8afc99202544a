package io.shoal.engine.resolver;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes the early DNS side files off the caller's thread, {@link #DELAY} after the first change that finds the writer
 * idle, the newest content of each file winning: a file changed several times meanwhile is written once, and not at
 * all when it ends as the writer last wrote it (a connect and a disconnect in a row). Each write still goes through a
 * temporary file and a rename ({@link ReplacedFiles}), so a reader after a crash sees a whole file, old or new.
 *
 * <p>Why: on ext4 with {@code auto_da_alloc} (ext4(5)) a rename over an existing file starts the write-out of the new
 * blocks on the renaming thread, ~0.5 ms on this project's disks (docs/performance.md), which a connect or disconnect
 * answered only after. The files are a hint that the next start checks against its store, so a crash between a reply
 * and the write costs only a stale hint (docs/engine.md "Restart"). The delay keeps the writer's wake-up and its disk
 * work out of the way of the operations that follow one another (compose's disconnect and connect, a benchmark's
 * pairs), which on a loaded machine share the cores and the file system's journal with it.
 *
 * <p>Failures are logged, not thrown (the files are a copy). Thread-safe.
 */
final class SideFileWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SideFileWriter.class.getName());

    /** How long a change waits for others before the writer starts: at most this much later on disk. */
    static final Duration DELAY = Duration.ofMillis(100);

    private final Runner runner;
    private final Map<Path, Optional<String>> pending = new LinkedHashMap<>();
    /** What this writer last put in each file; only the drain (or, once closed, the one caller) touches it. */
    private final Map<Path, String> onDisk = new ConcurrentHashMap<>();

    private boolean draining;
    private boolean closed;

    /** Where the writer's drains run: a thread of its own, or (tests) wherever the test runs them. */
    interface Runner extends AutoCloseable {
        void run(Runnable drain);

        @Override
        void close();
    }

    private SideFileWriter(Runner runner) {
        this.runner = runner;
    }

    /** A writer with one daemon thread of its own, {@code "early DNS side files"}, starting {@link #DELAY} late. */
    static SideFileWriter inBackground() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "early DNS side files");
            thread.setDaemon(true);
            return thread;
        });
        return new SideFileWriter(new Runner() {
            @Override
            public void run(Runnable drain) {
                // Nothing to collect: the drain logs each file's failure itself.
                ScheduledFuture<?> unused = executor.schedule(drain, DELAY.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public void close() {
                executor.shutdown();
            }
        });
    }

    /** A writer whose drains {@code runner} runs (tests: to look at the files before and after). */
    static SideFileWriter runningOn(Runner runner) {
        return new SideFileWriter(runner);
    }

    /** {@code file} is to hold {@code text} (UTF-8), replacing any change of it still waiting. */
    void replace(Path file, String text) {
        submit(file, Optional.of(text));
    }

    /** {@code file} is to go, replacing any change of it still waiting. */
    void delete(Path file) {
        submit(file, Optional.empty());
    }

    private void submit(Path file, Optional<String> content) {
        synchronized (this) {
            // Once closed, a drain still running takes the change (so that writes of one file keep their order);
            // with none running it is written here.
            if (!closed || draining) {
                pending.put(file, content);
                if (!draining) {
                    draining = true;
                    runner.run(this::drain);
                }
                return;
            }
        }
        apply(file, content); // after close (the engine is stopping): on the caller's thread, as before
    }

    /** Writes what waits, in the order first asked, until nothing does. */
    private void drain() {
        while (true) {
            Map<Path, Optional<String>> batch;
            synchronized (this) {
                if (pending.isEmpty()) {
                    stopDraining();
                    return;
                }
                batch = new LinkedHashMap<>(pending);
                pending.clear();
            }
            try {
                batch.forEach(this::apply);
            } catch (Error e) {
                // Not swallowed (the executor's future holds it), but the next change starts another drain and a
                // stop does not wait for this one forever.
                synchronized (this) {
                    stopDraining();
                }
                throw e;
            }
        }
    }

    private void stopDraining() {
        draining = false;
        notifyAll();
    }

    private void apply(Path file, Optional<String> content) {
        try {
            if (content.isEmpty()) {
                onDisk.remove(file);
                Files.deleteIfExists(file);
            } else if (!content.get().equals(onDisk.get(file))) {
                onDisk.remove(file); // unknown until the rename is done
                Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
                ReplacedFiles.replace(file, temporary, content.get(), StandardCharsets.UTF_8);
                onDisk.put(file, content.get());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "early DNS: cannot " + (content.isPresent() ? "write " : "remove ") + file, e);
        }
    }

    /**
     * Waits until every change asked before has been written, then writes later ones on the caller's thread and stops
     * the writer's thread. Called when the engine stops, so that the files it leaves for the next start are current.
     *
     * @throws InterruptedException when interrupted while waiting (the writer keeps going)
     */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            closed = true;
            while (draining) {
                wait();
            }
        }
        runner.close();
    }
}
