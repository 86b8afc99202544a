package io.shoal.engine.image;

import java.util.Objects;

/**
 * One line of a {@code docker rmi} report: a reference untagged or an image deleted ({@code {"Untagged":"busybox:latest"}},
 * {@code {"Deleted":"sha256:…"}}).
 */
public record ImageRemoval(Kind kind, String value) {
    /** What happened. */
    public enum Kind {
        UNTAGGED,
        DELETED
    }

    public ImageRemoval {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }
}
