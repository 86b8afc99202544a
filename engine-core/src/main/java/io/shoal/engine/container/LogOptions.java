package io.shoal.engine.container;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@code docker logs} options ({@code GET /containers/{id}/logs}): which streams, whether to keep following after
 * what is stored, how many of the last lines ({@code tail}; empty = all), from which time on ({@code since}; {@link
 * Instant#EPOCH} = from the start), up to which time ({@code until}; {@link Instant#MAX} = no end), and whether each
 * line starts with its time ({@code timestamps}: RFC 3339 with nine fraction digits in UTC and a space, Docker's
 * {@code RFC3339NanoFixed}).
 */
public record LogOptions(
        boolean stdout,
        boolean stderr,
        boolean follow,
        OptionalInt tail,
        Instant since,
        Instant until,
        boolean timestamps) {
    public LogOptions {
        Objects.requireNonNull(tail, "tail");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
    }

    /** Without an end time and without timestamps. */
    public LogOptions(boolean stdout, boolean stderr, boolean follow, OptionalInt tail, Instant since) {
        this(stdout, stderr, follow, tail, since, Instant.MAX, false);
    }
}
