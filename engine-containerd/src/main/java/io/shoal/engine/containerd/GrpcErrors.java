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
 */
final class GrpcErrors {
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
        return new ContainerRuntimeException(kindOf(status.getCode()), operation, object, message, failure);
    }
}
