package io.shoal.netlink;

/** The kernel rejected the request's values (EINVAL, ERANGE, E2BIG, ENAMETOOLONG). */
public final class InvalidRequestException extends KernelException {
    private static final long serialVersionUID = 1L;

    InvalidRequestException(String operation, String object, int errno, String extendedAck) {
        super(operation, object, errno, extendedAck);
    }
}
