package io.shoal.engine.containerd;

import io.shoal.engine.runtime.ContainerRuntimeException;
import io.shoal.engine.runtime.ContainerRuntimeException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A containerd of Shoal's own: started with a configuration Shoal writes under a {@link DataRoot}, so it shares no
 * socket, root or state with a containerd already on the machine. This is the one place Shoal's main code starts a
 * process.
 *
 * <p>Tasks outlive it: containerd's shims are not its children (each runs in its own session), so stopping or killing
 * containerd leaves containers running, and a containerd started again on the same data root re-attaches to them
 * (containerd 1.6 {@code runtime/v2/manager.go}, loadExistingTasks).
 *
 * <p>It also outlives the engine that started it: it runs in a session of its own ({@code setsid}), so neither the
 * engine's death (SIGKILL) nor a signal to the engine's process group reaches it, and a starting engine {@link #adopt
 * adopts} the one already serving its data root instead of starting another.
 */
public final class PrivateContainerd implements AutoCloseable {
    private static final long POLL_MILLIS = 50;

    /** setsid(1) of util-linux: a child of the JVM is never a process group leader, so it execs without forking. */
    private static final String SETSID = "setsid";

    private final DataRoot layout;
    private final ProcessHandle process;
    /** The child process when this engine started it (its exit value is known); empty when adopted. */
    private final Optional<Process> child;

    private PrivateContainerd(DataRoot layout, ProcessHandle process, Optional<Process> child) {
        this.layout = layout;
        this.process = process;
        this.child = child;
    }

    /**
     * Writes {@code layout}'s config.toml, starts {@code binary} (e.g. "containerd", found on PATH) on it and waits up
     * to {@code timeout} until it answers Version. UNAVAILABLE when it exits or does not answer in time (its log is
     * {@link DataRoot#log()}); INTERNAL when the data root cannot be prepared or the binary cannot be run.
     */
    public static PrivateContainerd start(String binary, DataRoot layout, Duration timeout)
            throws ContainerRuntimeException {
        Objects.requireNonNull(binary, "binary");
        String object = layout.directory().toString();
        refuseIfServed(layout);
        Process process;
        try {
            prepare(layout);
            process = new ProcessBuilder(
                            SETSID, binary, "--config", layout.config().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(layout.log().toFile()))
                    .start();
        } catch (IOException e) {
            throw new ContainerRuntimeException(Kind.INTERNAL, "start containerd", object, e.getMessage(), e);
        }
        PrivateContainerd containerd = new PrivateContainerd(layout, process.toHandle(), Optional.of(process));
        try {
            containerd.awaitVersion(timeout);
            return containerd;
        } catch (ContainerRuntimeException e) {
            containerd.close();
            throw e;
        }
    }

    /**
     * The containerd an earlier engine left running on {@code layout} (it stopped or died; containerd runs in a
     * session of its own), found by its arguments naming {@code layout}'s config; waits up to {@code timeout} until it
     * answers Version. Empty when no such process runs (start one). UNAVAILABLE when it exits or does not answer.
     */
    public static Optional<PrivateContainerd> adopt(DataRoot layout, Duration timeout)
            throws ContainerRuntimeException {
        String config = layout.config().toString();
        Optional<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .arguments()
                        .map(args -> namesConfig(args, config))
                        .orElse(false))
                .findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        PrivateContainerd containerd = new PrivateContainerd(layout, found.get(), Optional.empty());
        containerd.awaitVersion(timeout);
        return Optional.of(containerd);
    }

    /** Whether an argument list holds exactly {@code --config CONFIG} (never a match on a name). */
    private static boolean namesConfig(String[] args, String config) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--config") && args[i + 1].equals(config)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A containerd still answering on the data root's socket (another engine, or one this process lost track of) must
     * not lose its socket to a second one: ALREADY_EXISTS.
     */
    private static void refuseIfServed(DataRoot layout) throws ContainerRuntimeException {
        if (!Files.exists(layout.socket())) {
            return;
        }
        try (ContainerdRuntime probe = ContainerdRuntime.connect(probeSettings(layout))) {
            String version = probe.version();
            throw new ContainerRuntimeException(
                    Kind.ALREADY_EXISTS,
                    "start containerd",
                    layout.directory().toString(),
                    "containerd " + version + " already serves " + layout.socket(),
                    null);
        } catch (ContainerRuntimeException e) {
            if (e.kind() != Kind.UNAVAILABLE && e.kind() != Kind.DEADLINE_EXCEEDED) {
                throw e;
            }
            // Nobody answers: a socket left by a containerd that was killed.
        }
    }

    private static ContainerdSettings probeSettings(DataRoot layout) {
        return new ContainerdSettings(
                layout.socket(),
                ContainerdSettings.DEFAULT_NAMESPACE,
                layout.io(),
                Optional.of(layout.runc()),
                Duration.ofSeconds(1));
    }

    private static void prepare(DataRoot layout) throws IOException {
        Files.createDirectories(layout.directory());
        Files.setPosixFilePermissions(layout.directory(), PosixFilePermissions.fromString("rwx--x--x"));
        for (Path directory : new Path[] {layout.root(), layout.state(), layout.runc(), layout.io()}) {
            Files.createDirectories(directory);
        }
        // A socket left by a containerd that was killed would make the new one fail to listen.
        Files.deleteIfExists(layout.socket());
        Files.deleteIfExists(layout.ttrpcSocket());
        Files.writeString(layout.config(), ContainerdConfig.render(layout), StandardCharsets.UTF_8);
    }

    private void awaitVersion(Duration timeout) throws ContainerRuntimeException {
        String object = layout.socket().toString();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (ContainerdRuntime probe = ContainerdRuntime.connect(probeSettings(layout))) {
            while (true) {
                if (!process.isAlive()) {
                    throw new ContainerRuntimeException(
                            Kind.UNAVAILABLE,
                            "start containerd",
                            object,
                            "exited with " + child.map(Process::exitValue).orElse(-1) + "; see " + layout.log(),
                            null);
                }
                if (Files.exists(layout.socket())) {
                    try {
                        probe.version();
                        return;
                    } catch (ContainerRuntimeException e) {
                        if (System.nanoTime() > deadline) {
                            throw e;
                        }
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new ContainerRuntimeException(
                            Kind.UNAVAILABLE, "start containerd", object, "no socket after " + timeout, null);
                }
                sleep();
            }
        }
    }

    private static void sleep() throws ContainerRuntimeException {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException(Kind.INTERNAL, "start containerd", "containerd", "interrupted", e);
        }
    }

    /** Where it keeps everything. */
    public DataRoot layout() {
        return layout;
    }

    /** Its gRPC socket. */
    public Path socket() {
        return layout.socket();
    }

    /** Its process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether this engine started it (rather than {@link #adopt adopting} one an earlier engine left). */
    public boolean adopted() {
        return child.isEmpty();
    }

    /** Whether it still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops it: SIGTERM, then SIGKILL if it has not exited within {@code grace}. Containers keep running. Returns
     * containerd's exit value (0 for an adopted one, whose exit value only its parent may read).
     */
    public int stop(Duration grace) {
        process.destroy();
        try {
            try {
                process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                process.destroyForcibly();
                process.onExit().get();
            }
            return child.isPresent() ? child.get().waitFor() : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for containerd's exit failed", e);
        }
    }

    /** Stops it with 5 seconds of grace. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }
}
