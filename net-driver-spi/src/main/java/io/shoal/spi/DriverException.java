package io.shoal.spi;

import java.util.Objects;

/**
 * The one exception the SPI throws. Its {@link #kind()} says what went wrong in terms a caller can act on; its message
 * says what to fix; its cause keeps the underlying failure (an errno from the kernel, an SQL error). A driver turns
 * every failure into one before it leaves an SPI method; the engine maps the kind to an HTTP status (see {@link
 * ErrorKind}).
 */
public final class DriverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    /**
     * @param kind what kind of failure
     * @param message what went wrong and what to fix, naming the object (network, endpoint, option, address)
     */
    public DriverException(ErrorKind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * @param kind what kind of failure
     * @param message what went wrong and what to fix, naming the object
     * @param cause the underlying failure, kept for the log
     */
    public DriverException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** @return what kind of failure this is; never null */
    public ErrorKind kind() {
        return kind;
    }

    /**
     * A NOT_FOUND failure: the named object does not exist.
     *
     * @param message what went wrong and what to fix
     * @return the exception, to throw
     */
    public static DriverException notFound(String message) {
        return new DriverException(ErrorKind.NOT_FOUND, message);
    }

    /**
     * A CONFLICT failure: the request collides with existing state.
     *
     * @param message what went wrong and what to fix
     * @return the exception, to throw
     */
    public static DriverException conflict(String message) {
        return new DriverException(ErrorKind.CONFLICT, message);
    }

    /**
     * A INVALID_ARGUMENT failure: the request is malformed.
     *
     * @param message what went wrong and what to fix
     * @return the exception, to throw
     */
    public static DriverException invalid(String message) {
        return new DriverException(ErrorKind.INVALID_ARGUMENT, message);
    }

    /**
     * A FORBIDDEN failure: the request is not allowed in this state.
     *
     * @param message what went wrong and what to fix
     * @return the exception, to throw
     */
    public static DriverException forbidden(String message) {
        return new DriverException(ErrorKind.FORBIDDEN, message);
    }

    /**
     * A UNAVAILABLE failure: a resource is exhausted or a dependency cannot serve.
     *
     * @param message what went wrong and what to fix
     * @return the exception, to throw
     */
    public static DriverException unavailable(String message) {
        return new DriverException(ErrorKind.UNAVAILABLE, message);
    }

    /**
     * An INTERNAL failure: a bug or an unexpected failure, with its cause.
     *
     * @param message what was being done
     * @param cause the failure
     * @return the exception, to throw
     */
    public static DriverException internal(String message, Throwable cause) {
        return new DriverException(ErrorKind.INTERNAL, message, cause);
    }
}
