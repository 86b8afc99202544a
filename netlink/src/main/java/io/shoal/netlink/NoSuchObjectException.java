package io.shoal.netlink;

/** The named object does not exist (ENODEV, ENOENT, ESRCH, EADDRNOTAVAIL). */
public final class NoSuchObjectException extends KernelException {
    private static final long serialVersionUID = 1L;

    NoSuchObjectException(String operation, String object, int errno, String extendedAck) {
        super(operation, object, errno, extendedAck);
    }
}
