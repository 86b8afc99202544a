package io.shoal.engine.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * How a process ended: its exit code (0-255; 128+N when killed by signal N, as runc reports it; 255 when the runtime
 * lost track of it) and when.
 */
public record ExitStatus(int code, Instant exitedAt) {
    public ExitStatus {
        Objects.requireNonNull(exitedAt, "exitedAt");
    }
}
