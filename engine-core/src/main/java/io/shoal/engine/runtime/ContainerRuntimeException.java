package io.shoal.engine.runtime;

import java.util.Objects;

/**
 * A container runtime operation failed; {@link #kind()} says how, {@link #operation()} and {@link #object()} say what
 * was tried on what ("create task", "web1"). The cause keeps the runtime's own error (for containerd, the gRPC
 * status).
 */
public final class ContainerRuntimeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** How an operation failed, after containerd's errdefs; the engine maps each kind to an HTTP status once. */
    public enum Kind {
        /** The container, task or process does not exist. */
        NOT_FOUND,
        /** An object with that id exists already. */
        ALREADY_EXISTS,
        /** The object is in the wrong state, e.g. deleting a running task. */
        FAILED_PRECONDITION,
        /** The request itself is wrong: a malformed id, a spec the runtime refuses. */
        INVALID_ARGUMENT,
        /** The runtime cannot be reached now (not running, restarting); the same call may succeed later. */
        UNAVAILABLE,
        /** The call did not finish in time; its effect is unknown. */
        DEADLINE_EXCEEDED,
        /** The runtime does not offer this operation. */
        NOT_IMPLEMENTED,
        /** Anything else: a bug on one side, or a failure the runtime did not classify. */
        INTERNAL
    }

    private final Kind kind;
    private final String operation;
    private final String object;
    private final String detail;

    /** A failure of {@code operation} on {@code object}; {@code cause} may be null. */
    public ContainerRuntimeException(Kind kind, String operation, String object, String message, Throwable cause) {
        this(kind, operation, object, message, "", cause);
    }

    /**
     * As above, keeping {@code detail}: the runtime's own error text as it gave it (for containerd, the gRPC status
     * description, e.g. {@code OCI runtime exec failed: exec failed: …: unknown}); {@code ""} when it gave none.
     */
    public ContainerRuntimeException(
            Kind kind, String operation, String object, String message, String detail, Throwable cause) {
        super(operation + " " + object + ": " + kind + ": " + message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.operation = Objects.requireNonNull(operation, "operation");
        this.object = Objects.requireNonNull(object, "object");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /** The runtime's own error text ({@code ""} when none), which Docker shows its users as is. */
    public String detail() {
        return detail;
    }

    /** How it failed. */
    public Kind kind() {
        return kind;
    }

    /** What was tried, e.g. {@code "start task"}. */
    public String operation() {
        return operation;
    }

    /** On what: a container id, {@code id/execId}, or the runtime's address. */
    public String object() {
        return object;
    }
}
