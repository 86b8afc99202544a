package io.shoal.engine.runtime;

import java.util.Objects;

/**
 * A process of a container exited: the init process when {@code processId} equals {@code containerId}, an exec
 * process otherwise.
 */
public record TaskExit(String containerId, String processId, long pid, ExitStatus status) {
    public TaskExit {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(processId, "processId");
        Objects.requireNonNull(status, "status");
    }

    /** Whether the container's init process exited (so the container stopped). */
    public boolean isInit() {
        return containerId.equals(processId);
    }
}
