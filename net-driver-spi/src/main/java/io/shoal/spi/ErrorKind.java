package io.shoal.spi;

/**
 * What kind of failure a {@link DriverException} reports. The engine maps each kind to one HTTP status in one place,
 * in the manner of moby's {@code errdefs}.
 */
public enum ErrorKind {
    /** The named network, endpoint, pool, address or sandbox does not exist. */
    NOT_FOUND,
    /** The request collides with existing state: a name, subnet, address or link already in use. */
    CONFLICT,
    /** The request itself is malformed: a bad option, CIDR, MTU or name. */
    INVALID_ARGUMENT,
    /** The request is well formed but not allowed in this state. */
    FORBIDDEN,
    /** A resource is exhausted or a dependency (the kernel, the store) cannot serve right now. */
    UNAVAILABLE,
    /** The driver does not offer this operation. */
    NOT_IMPLEMENTED,
    /** A bug or an unexpected failure inside Shoal. */
    INTERNAL
}
