package io.shoal.engine.errors;

import java.util.Objects;

/**
 * An engine operation failed; {@link #kind()} says how, the message says what and on what, in words meant for the
 * client (the Engine API sends it as {@code {"message": …}}).
 */
public final class EngineException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    /** A failure of the given kind; the message is shown to the client as is. */
    public EngineException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    /** A failure of the given kind caused by {@code cause} (may be null). */
    public EngineException(ErrorKind kind, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** How it failed. */
    public ErrorKind kind() {
        return kind;
    }
}
