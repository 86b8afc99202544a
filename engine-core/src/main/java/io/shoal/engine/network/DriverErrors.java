package io.shoal.engine.network;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.spi.DriverException;

/**
 * The one place a driver's or IPAM's {@link DriverException} becomes an {@link EngineException}: the kind maps one to
 * one (the SPI's kinds are the engine's, less NOT_MODIFIED), the message is kept as the client's text and the driver
 * exception as the cause.
 */
final class DriverErrors {
    private DriverErrors() {}

    static EngineException translate(DriverException e) {
        return new EngineException(kind(e.kind()), String.valueOf(e.getMessage()), e);
    }

    static ErrorKind kind(io.shoal.spi.ErrorKind kind) {
        return switch (kind) {
            case NOT_FOUND -> ErrorKind.NOT_FOUND;
            case CONFLICT -> ErrorKind.CONFLICT;
            case INVALID_ARGUMENT -> ErrorKind.INVALID_ARGUMENT;
            case FORBIDDEN -> ErrorKind.FORBIDDEN;
            case UNAVAILABLE -> ErrorKind.UNAVAILABLE;
            case NOT_IMPLEMENTED -> ErrorKind.NOT_IMPLEMENTED;
            case INTERNAL -> ErrorKind.INTERNAL;
        };
    }

    /** Runs a driver or IPAM call, translating its failure. */
    static <T> T call(DriverCall<T> call) throws EngineException {
        try {
            return call.run();
        } catch (DriverException e) {
            throw translate(e);
        }
    }

    /** Runs a driver or IPAM call with no result, translating its failure. */
    static void run(DriverStep step) throws EngineException {
        try {
            step.run();
        } catch (DriverException e) {
            throw translate(e);
        }
    }

    /**
     * Runs a removal step that may find its object already gone (after a crash, or after the driver's own restore):
     * NOT_FOUND counts as done.
     */
    static void removeIdempotently(DriverStep step) throws EngineException {
        try {
            step.run();
        } catch (DriverException e) {
            if (e.kind() != io.shoal.spi.ErrorKind.NOT_FOUND) {
                throw translate(e);
            }
        }
    }

    /** A driver call with a result. */
    @FunctionalInterface
    interface DriverCall<T> {
        T run();
    }

    /** A driver call without a result. */
    @FunctionalInterface
    interface DriverStep {
        void run();
    }
}
