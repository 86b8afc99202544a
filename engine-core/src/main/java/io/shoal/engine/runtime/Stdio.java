package io.shoal.engine.runtime;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a process's standard output and error go: each is appended to a regular file (created if missing), or
 * discarded when absent. Standard input is always empty (non-interactive processes only, for now).
 *
 * <p>The runtime keeps the two streams apart and has written everything the process wrote by the time the task or
 * exec process is deleted ({@link ContainerRuntime#deleteTask}, {@link ContainerRuntime#exec} returning).
 */
public record Stdio(Optional<Path> stdout, Optional<Path> stderr) {
    public Stdio {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    /** Both streams discarded. */
    public static Stdio discard() {
        return new Stdio(Optional.empty(), Optional.empty());
    }

    /** Standard output appended to {@code stdout}, standard error to {@code stderr}. */
    public static Stdio toFiles(Path stdout, Path stderr) {
        return new Stdio(Optional.of(stdout), Optional.of(stderr));
    }
}
