package io.shoal.engine.container;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A container's {@code State} as inspect shows it: status, the init process's host PID (0 unless running), the last
 * exit code, start and finish times, the last error text ({@code ""} when none), and whether the kernel's OOM killer
 * ended it.
 */
public record ContainerState(
        Status status,
        long pid,
        int exitCode,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        String error,
        boolean oomKilled) {
    /** Docker's container states; {@link #apiName} is the lower-case text of {@code State.Status}. */
    public enum Status {
        CREATED,
        RUNNING,
        PAUSED,
        RESTARTING,
        REMOVING,
        EXITED,
        DEAD;

        /** {@code created}, {@code running}, … as the Engine API spells them. */
        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ContainerState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(error, "error");
    }

    /** Whether the container's task runs. */
    public boolean running() {
        return status == Status.RUNNING;
    }
}
