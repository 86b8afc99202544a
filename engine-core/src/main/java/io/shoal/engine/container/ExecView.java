package io.shoal.engine.container;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * An exec process as {@code GET /exec/{id}/json} shows it: its id (64 hex), the container's id, whether it runs, its
 * exit code once it has exited, its host PID (0 before start), and what was asked.
 */
public record ExecView(String id, String containerId, boolean running, OptionalInt exitCode, long pid, ExecSpec spec) {
    public ExecView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(spec, "spec");
    }
}
