package io.shoal.engine.containerd;

import io.shoal.engine.runtime.ContainerRuntimeException;
import io.shoal.engine.runtime.ContainerRuntimeException.Kind;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches the containerd the engine talks to while the engine runs, on one daemon thread ("containerd watch").
 *
 * <p>A private containerd ({@link #restarting}) that dies (kill -9, a crash) is started again on the same data root
 * after a pause that doubles from {@link #FIRST_PAUSE} up to {@link #MAX_PAUSE} while starts fail; containerd 1.6
 * reconnects to the shims of the running tasks at its start (runtime/v2/manager.go, loadExistingTasks), so the
 * containers keep running. An external containerd ({@link #external}) is only probed: the engine cannot start it.
 * In both cases the gRPC channel reconnects by itself and {@link ExitSubscription} subscribes again and asks the
 * engine to reconcile ({@code RuntimeEvents.onReconnected}): exits that happened meanwhile are not delivered again.
 *
 * <p>While containerd is away every runtime call fails with UNAVAILABLE ({@link GrpcErrors}), which the Engine API
 * answers with 503; {@link #available()} tells the state for logs and status.
 */
public final class ContainerdWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ContainerdWatch.class.getName());
    /** How often the watch looks: a liveness check of the process, or a Version call for an external containerd. */
    static final Duration INTERVAL = Duration.ofMillis(250);
    /** The pause after a failed start of the private containerd, doubled at each failure. */
    static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    /** The longest pause between two starts. */
    static final Duration MAX_PAUSE = Duration.ofSeconds(4);

    /** Starts a containerd again; the private case's {@code PrivateContainerd.start}. */
    @FunctionalInterface
    public interface Starter {
        /** A new, answering containerd; UNAVAILABLE/INTERNAL as {@link PrivateContainerd#start}. */
        PrivateContainerd start() throws ContainerRuntimeException;
    }

    private final ContainerdRuntime runtime;
    private final Optional<Starter> starter;
    private final AtomicReference<PrivateContainerd> current;
    private final Consumer<PrivateContainerd> onStarted;
    private final Thread thread;
    private volatile boolean available = true;
    private volatile boolean closed;
    private final AtomicInteger restarts = new AtomicInteger();

    private ContainerdWatch(
            ContainerdRuntime runtime,
            Optional<Starter> starter,
            PrivateContainerd first,
            Consumer<PrivateContainerd> onStarted) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.onStarted = Objects.requireNonNull(onStarted, "onStarted");
        this.starter = starter;
        this.current = new AtomicReference<>(first);
        this.thread = new Thread(this::run, "containerd watch");
        this.thread.setDaemon(true);
    }

    /**
     * Watches {@code first}, a private containerd that {@code runtime} talks to, and starts it again with
     * {@code binary} on the same data root (waiting up to {@code startTimeout} for each start) whenever it exits;
     * {@code onStarted} is told each new one (whoever stops containerd at the engine's end must stop that one).
     */
    public static ContainerdWatch restarting(
            PrivateContainerd first,
            ContainerdRuntime runtime,
            String binary,
            Duration startTimeout,
            Consumer<PrivateContainerd> onStarted) {
        DataRoot layout = first.layout();
        return restarting(first, runtime, () -> PrivateContainerd.start(binary, layout, startTimeout), onStarted);
    }

    /** As above with the way to start it given ({@code starter}); for tests. */
    static ContainerdWatch restarting(
            PrivateContainerd first,
            ContainerdRuntime runtime,
            Starter starter,
            Consumer<PrivateContainerd> onStarted) {
        Objects.requireNonNull(first, "first");
        ContainerdWatch watch = new ContainerdWatch(runtime, Optional.of(starter), first, onStarted);
        watch.thread.start();
        return watch;
    }

    /** Watches an external containerd: probes it, logs when it goes and comes back; never starts one. */
    public static ContainerdWatch external(ContainerdRuntime runtime) {
        ContainerdWatch watch = new ContainerdWatch(runtime, Optional.empty(), null, started -> {});
        watch.thread.start();
        return watch;
    }

    /** The private containerd running now (the last one started); empty for an external one. */
    public Optional<PrivateContainerd> current() {
        return Optional.ofNullable(current.get());
    }

    /** Whether containerd answered at the last look. */
    public boolean available() {
        return available;
    }

    /** How many times the private containerd was started again. */
    public int restarts() {
        return restarts.get();
    }

    private void run() {
        long pauseMillis = FIRST_PAUSE.toMillis();
        while (!closed) {
            try {
                if (starter.isPresent()) {
                    pauseMillis = watchPrivate(pauseMillis);
                } else {
                    probeExternal();
                }
                if (!closed) {
                    Thread.sleep(Math.max(INTERVAL.toMillis(), available ? 0 : pauseMillis));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the containerd watch failed; it goes on", e);
            }
        }
    }

    /** One look at the private containerd; the pause before the next start should this one fail. */
    private long watchPrivate(long pauseMillis) {
        PrivateContainerd containerd = current.get();
        if (containerd.isAlive()) {
            return FIRST_PAUSE.toMillis();
        }
        if (available) {
            available = false;
            LOG.log(
                    Level.WARNING,
                    "containerd (pid " + containerd.pid() + ") exited; starting it again on "
                            + containerd.layout().directory() + " (running containers keep running)");
        }
        try {
            PrivateContainerd started = starter.get().start();
            current.set(started);
            onStarted.accept(started);
            if (closed) {
                // close() raced with the start: the engine is stopping and stops this one through onStarted.
                return FIRST_PAUSE.toMillis();
            }
            restarts.incrementAndGet();
            available = true;
            LOG.log(
                    Level.WARNING,
                    "containerd started again, pid " + started.pid() + "; the engine reconnects and reconciles");
            return FIRST_PAUSE.toMillis();
        } catch (ContainerRuntimeException e) {
            if (e.kind() == Kind.ALREADY_EXISTS) {
                // Someone else serves the socket (an operator started it by hand): talk to it.
                available = true;
                LOG.log(Level.WARNING, "containerd answers again, but not as our child: " + e.getMessage());
                return FIRST_PAUSE.toMillis();
            }
            LOG.log(
                    Level.SEVERE,
                    "containerd could not be started again (retrying in " + pauseMillis + " ms): " + e.getMessage(),
                    e);
            return Math.min(pauseMillis * 2, MAX_PAUSE.toMillis());
        }
    }

    private void probeExternal() {
        try {
            runtime.version();
            if (!available) {
                available = true;
                LOG.log(Level.WARNING, "containerd answers again; the engine reconnects and reconciles");
            }
        } catch (ContainerRuntimeException e) {
            if (available) {
                available = false;
                LOG.log(Level.WARNING, "containerd does not answer; waiting for it: " + e.getMessage());
            }
        }
    }

    /** Stops watching (before the engine stops containerd itself); containerd is left as it is. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(35).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
