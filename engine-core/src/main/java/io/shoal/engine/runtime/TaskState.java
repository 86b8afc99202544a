package io.shoal.engine.runtime;

import java.util.Objects;
import java.util.Optional;

/**
 * One task as the runtime sees it: the container it belongs to, the host PID of its init process (0 when it has none
 * any more), its status, and the exit status once {@link TaskStatus#STOPPED}.
 */
public record TaskState(String containerId, long pid, TaskStatus status, Optional<ExitStatus> exit) {
    public TaskState {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(exit, "exit");
    }
}
