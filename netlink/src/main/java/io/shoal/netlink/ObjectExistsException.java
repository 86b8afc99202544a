package io.shoal.netlink;

/** The object already exists or is in use (EEXIST, EADDRINUSE, EBUSY, ENOTEMPTY). */
public final class ObjectExistsException extends KernelException {
    private static final long serialVersionUID = 1L;

    ObjectExistsException(String operation, String object, int errno, String extendedAck) {
        super(operation, object, errno, extendedAck);
    }
}
