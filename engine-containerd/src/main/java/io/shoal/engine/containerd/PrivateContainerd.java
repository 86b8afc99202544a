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
import java.util.concurrent.TimeUnit;

/**
 * A containerd of Shoal's own: started with a configuration Shoal writes under a {@link DataRoot}, so it shares no
 * socket, root or state with a containerd already on the machine. This is the one place Shoal's main code starts a
 * process.
 *
 * <p>Tasks outlive it: containerd's shims are not its children (each runs in its own session), so stopping or killing
 * containerd leaves containers running, and a containerd started again on the same data root re-attaches to them
 * (containerd 1.6 {@code runtime/v2/manager.go}, loadExistingTasks).
 */
public final class PrivateContainerd implements AutoCloseable {
    private static final long POLL_MILLIS = 50;

    private final DataRoot layout;
    private final Process process;

    private PrivateContainerd(DataRoot layout, Process process) {
        this.layout = layout;
        this.process = process;
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
            process = new ProcessBuilder(binary, "--config", layout.config().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(layout.log().toFile()))
                    .start();
        } catch (IOException e) {
            throw new ContainerRuntimeException(Kind.INTERNAL, "start containerd", object, e.getMessage(), e);
        }
        PrivateContainerd containerd = new PrivateContainerd(layout, process);
        try {
            containerd.awaitVersion(timeout);
            return containerd;
        } catch (ContainerRuntimeException e) {
            containerd.close();
            throw e;
        }
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
                java.util.Optional.of(layout.runc()),
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
                            "exited with " + process.exitValue() + "; see " + layout.log(),
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

    /** Whether it still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops it: SIGTERM, then SIGKILL if it has not exited within {@code grace}. Containers keep running. Returns
     * containerd's exit value.
     */
    public int stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    /** Stops it with 5 seconds of grace. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }
}
