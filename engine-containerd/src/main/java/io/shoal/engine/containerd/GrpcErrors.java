package io.shoal.engine.containerd;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.shoal.engine.runtime.ContainerRuntimeException;
import io.shoal.engine.runtime.ContainerRuntimeException.Kind;

/**
 * The one place where a gRPC status from containerd becomes an error kind. containerd turns its errdefs into gRPC codes
 * (containerd 1.6 {@code errdefs/grpc.go}): ErrNotFound = NOT_FOUND (5), ErrAlreadyExists = ALREADY_EXISTS (6),
 * ErrInvalidArgument = INVALID_ARGUMENT (3), ErrFailedPrecondition = FAILED_PRECONDITION (9), ErrUnavailable =
 * UNAVAILABLE (14), ErrNotImplemented = UNIMPLEMENTED (12). UNAVAILABLE is also what the client reports when the
 * socket cannot be reached.
 *
 * <p>A deadline that passes inside containerd while it waits on a shim over ttrpc comes back as UNKNOWN with the text
 * {@code context deadline exceeded: unknown} (the shim's error lost its code on the way), not as DEADLINE_EXCEEDED:
 * it is read as DEADLINE_EXCEEDED, since callers (a stop's grace period) act on that kind.
 */
final class GrpcErrors {
    /** Go's {@code context.DeadlineExceeded} text. */
    private static final String CONTEXT_DEADLINE = "context deadline exceeded";

    /** Put before an UNAVAILABLE status: containerd is down or restarting; the engine reconnects by itself. */
    static final String UNAVAILABLE_TEXT = "containerd is unavailable and being reconnected; retry shortly: ";

    private GrpcErrors() {}

    /** The kind for a gRPC status code. */
    static Kind kindOf(Status.Code code) {
        return switch (code) {
            case NOT_FOUND -> Kind.NOT_FOUND;
            case ALREADY_EXISTS -> Kind.ALREADY_EXISTS;
            case FAILED_PRECONDITION -> Kind.FAILED_PRECONDITION;
            case INVALID_ARGUMENT, OUT_OF_RANGE -> Kind.INVALID_ARGUMENT;
            case UNAVAILABLE -> Kind.UNAVAILABLE;
            case DEADLINE_EXCEEDED -> Kind.DEADLINE_EXCEEDED;
            case UNIMPLEMENTED -> Kind.NOT_IMPLEMENTED;
            default -> Kind.INTERNAL;
        };
    }

    /** {@code failure} of {@code operation} on {@code object} as a typed exception keeping the status as cause. */
    static ContainerRuntimeException of(String operation, String object, StatusRuntimeException failure) {
        Status status = failure.getStatus();
        String description = status.getDescription();
        String message = status.getCode() + (description == null ? "" : " (" + description + ")");
        if (status.getCode() == Status.Code.UNAVAILABLE) {
            // What a user of the Engine API reads in the 503: say what is wrong and that it passes by itself.
            message = UNAVAILABLE_TEXT + message;
        }
        Kind kind = status.getCode() == Status.Code.UNKNOWN
                        && description != null
                        && description.startsWith(CONTEXT_DEADLINE)
                ? Kind.DEADLINE_EXCEEDED
                : kindOf(status.getCode());
        return new ContainerRuntimeException(
                kind, operation, object, message, description == null ? "" : description, failure);
    }
}
