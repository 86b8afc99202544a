package io.shoal.engine.errors;

/**
 * How an engine operation failed, as the engine's clients see it. Each adapter maps a kind to its protocol once: the
 * Engine API adapter to an HTTP status (moby's {@code api/server/httpstatus}), after the error classes of moby's
 * {@code errdefs}.
 */
public enum ErrorKind {
    /** The named object (container, network, image, exec) does not exist. */
    NOT_FOUND,
    /** The request clashes with the current state: a name in use, a container running that must be stopped. */
    CONFLICT,
    /** The request itself is wrong: malformed JSON, an unknown option, a bad name. */
    INVALID_ARGUMENT,
    /** The request is understood but refused, e.g. removing a predefined network. */
    FORBIDDEN,
    /** Something the engine needs is down now (the runtime, the store); the same call may succeed later. */
    UNAVAILABLE,
    /** The engine does not offer this operation. */
    NOT_IMPLEMENTED,
    /** Nothing to do: the object is already in the requested state (Docker's start of a running container). */
    NOT_MODIFIED,
    /**
     * The engine's data root has no space left (ENOSPC, SQLITE_FULL): changes are refused until space is freed; reads
     * and running containers are not affected. The Engine API answers 507 (RFC 4918 §11.5).
     */
    INSUFFICIENT_STORAGE,
    /** Anything else: a bug, or a failure nobody classified. */
    INTERNAL
}
