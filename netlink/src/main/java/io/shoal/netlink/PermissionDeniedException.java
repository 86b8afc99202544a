package io.shoal.netlink;

/** The caller lacks the privilege (EPERM, EACCES); Shoal needs CAP_NET_ADMIN and CAP_SYS_ADMIN. */
public final class PermissionDeniedException extends KernelException {
    private static final long serialVersionUID = 1L;

    PermissionDeniedException(String operation, String object, int errno, String extendedAck) {
        super(operation, object, errno, extendedAck);
    }
}
