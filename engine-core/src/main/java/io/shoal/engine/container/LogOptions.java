package io.shoal.engine.container;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@code docker logs} options ({@code GET /containers/{id}/logs}): which streams, whether to keep following after
 * what is stored, how many of the last lines ({@code tail}; empty = all), and from which time on ({@code since};
 * {@link Instant#EPOCH} = from the start).
 */
public record LogOptions(boolean stdout, boolean stderr, boolean follow, OptionalInt tail, Instant since) {
    public LogOptions {
        Objects.requireNonNull(tail, "tail");
        Objects.requireNonNull(since, "since");
    }
}
