package io.shoal.spi;

import java.util.Objects;

/**
 * The one exception the SPI throws. Its {@link #kind()} says what went wrong in terms a caller can act on; its message
 * says what to fix; its cause keeps the underlying failure (an errno from the kernel, an SQL error).
 */
public final class DriverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    public DriverException(ErrorKind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public DriverException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ErrorKind kind() {
        return kind;
    }

    public static DriverException notFound(String message) {
        return new DriverException(ErrorKind.NOT_FOUND, message);
    }

    public static DriverException conflict(String message) {
        return new DriverException(ErrorKind.CONFLICT, message);
    }

    public static DriverException invalid(String message) {
        return new DriverException(ErrorKind.INVALID_ARGUMENT, message);
    }

    public static DriverException forbidden(String message) {
        return new DriverException(ErrorKind.FORBIDDEN, message);
    }

    public static DriverException unavailable(String message) {
        return new DriverException(ErrorKind.UNAVAILABLE, message);
    }

    public static DriverException internal(String message, Throwable cause) {
        return new DriverException(ErrorKind.INTERNAL, message, cause);
    }
}
