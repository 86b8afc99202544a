package io.shoal.engine.container;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Applies restart policies: decides, at each exit of a container's task, whether it is started again and after how
 * long, keeps the pending restarts, and cancels them when the user stops, kills or removes the container.
 *
 * <p>Docker's rules (moby's {@code restartmanager} and {@code daemon/monitor.go}, {@code daemon/kill.go}): the delay
 * starts at 100 ms and doubles at each restart up to one minute, and goes back to 100 ms when the run lasted 10 s or
 * more; {@code docker stop} and {@code docker kill} cancel the container's restarts until its next start by the user
 * ({@code ExitOnNext}); a start by the user begins afresh (restart count 0, not manually stopped). The restart count
 * and the "manually stopped" flag are stored with the container; the delay and the cancellation are in memory, as in
 * dockerd.
 *
 * <p>Thread-safe. The restart itself is the caller's: {@code restarter} gets the container id on the scheduler's
 * pool once the delay has passed, and must check under the container's lock that the restart is still wanted
 * ({@link #isPending}).
 */
final class RestartSupervisor {
    static final Duration FIRST_DELAY = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofMinutes(1);
    static final Duration LONG_RUN = Duration.ofSeconds(10);

    /** Where delayed restarts run: production uses a {@link ScheduledExecutorService}, tests run them by hand. */
    interface Scheduler {
        /** Runs {@code task} after {@code delay}; the result cancels it. */
        Cancellable schedule(Runnable task, Duration delay);
    }

    /** A scheduled task that can be cancelled. */
    interface Cancellable {
        void cancel();
    }

    private final Scheduler scheduler;
    private final Consumer<String> restarter;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    RestartSupervisor(Scheduler scheduler, Consumer<String> restarter) {
        this.scheduler = scheduler;
        this.restarter = restarter;
    }

    /** A scheduler whose timer is {@code timer} and whose tasks run on {@code pool} (a restart is slow work). */
    static Scheduler on(ScheduledExecutorService timer, Executor pool) {
        return (task, delay) -> {
            ScheduledFuture<?> future = timer.schedule(() -> pool.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }

    /**
     * A task exited on its own (not by {@code docker stop}/{@code kill}/{@code rm -f}): whether the policy restarts
     * it. When it does, the restart is scheduled after the next delay, which is returned; the caller records the
     * container as restarting with its restart count one higher.
     *
     * @param ran how long the run lasted (exit time minus start time)
     */
    synchronized Optional<Duration> onExit(
            String id, RestartPolicy policy, int exitCode, boolean manuallyStopped, int restartCount, Duration ran) {
        if (policy.name() == RestartPolicy.Name.NO) {
            return Optional.empty();
        }
        State state = states.computeIfAbsent(id, k -> new State());
        if (state.cancelled) {
            return Optional.empty();
        }
        state.delay = nextDelay(state.delay, ran);
        if (!policy.restarts(exitCode, manuallyStopped, restartCount)) {
            return Optional.empty();
        }
        Duration delay = state.delay;
        state.pending = Optional.of(scheduler.schedule(() -> fire(id), delay));
        return Optional.of(delay);
    }

    /**
     * The delay before the next restart: 100 ms after a run of 10 s or more or at the first restart, else twice the
     * last one, at most a minute ({@code restartmanager.ShouldRestart}).
     */
    static Duration nextDelay(Duration last, Duration ran) {
        if (last.isZero() || ran.compareTo(LONG_RUN) >= 0) {
            return FIRST_DELAY;
        }
        Duration doubled = last.multipliedBy(2);
        return doubled.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : doubled;
    }

    /** Schedules a restart found due at the engine's start (a container left restarting), after the first delay. */
    synchronized void resume(String id) {
        State state = states.computeIfAbsent(id, k -> new State());
        if (state.pending.isPresent()) {
            return; // already scheduled by the reconciliation of an exit
        }
        state.delay = FIRST_DELAY;
        state.pending = Optional.of(scheduler.schedule(() -> fire(id), FIRST_DELAY));
    }

    /** Runs {@code task} on the scheduler at once (the starts due at the engine's start). */
    void soon(Runnable task) {
        scheduler.schedule(task, Duration.ZERO);
    }

    private void fire(String id) {
        synchronized (this) {
            State state = states.get(id);
            if (state == null || state.cancelled || state.pending.isEmpty()) {
                return;
            }
            state.pending = Optional.empty();
        }
        restarter.accept(id);
    }

    /** Whether a restart of {@code id} is still wanted (not cancelled since it was scheduled). */
    synchronized boolean isPending(String id) {
        State state = states.get(id);
        return state != null && !state.cancelled;
    }

    /**
     * The user stopped or killed the container ({@code ExitOnNext}): a pending restart is dropped and no exit is
     * restarted until the user starts it again. Returns whether a restart was pending.
     */
    synchronized boolean cancel(String id) {
        State state = states.computeIfAbsent(id, k -> new State());
        state.cancelled = true;
        boolean pending = state.pending.isPresent();
        state.pending.ifPresent(Cancellable::cancel);
        state.pending = Optional.empty();
        return pending;
    }

    /** The user starts the container: its restarts begin afresh (delay and cancellation forgotten). */
    synchronized void reset(String id) {
        forget(id);
    }

    /** The container is gone. */
    synchronized void forget(String id) {
        State state = states.remove(id);
        if (state != null) {
            state.pending.ifPresent(Cancellable::cancel);
        }
    }

    /** One container's delay, pending restart and cancellation. */
    private static final class State {
        Duration delay = Duration.ZERO;
        Optional<Cancellable> pending = Optional.empty();
        boolean cancelled;
    }
}
