package io.shoal.engine.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.shoal.engine.errors.ErrorKind;

/** The one place an engine error kind becomes an HTTP status, after moby's {@code api/server/httpstatus}. */
public final class ErrorStatus {
    private ErrorStatus() {}

    /** The status the Engine API answers a failure of {@code kind} with. */
    public static HttpResponseStatus of(ErrorKind kind) {
        return switch (kind) {
            case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            case CONFLICT -> HttpResponseStatus.CONFLICT;
            case INVALID_ARGUMENT -> HttpResponseStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpResponseStatus.FORBIDDEN;
            case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case NOT_IMPLEMENTED -> HttpResponseStatus.NOT_IMPLEMENTED;
            case NOT_MODIFIED -> HttpResponseStatus.NOT_MODIFIED;
            case INSUFFICIENT_STORAGE -> HttpResponseStatus.INSUFFICIENT_STORAGE;
            case INTERNAL -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
