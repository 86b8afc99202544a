package io.shoal.netlink;

/** This kernel does not offer the feature (EOPNOTSUPP, EAFNOSUPPORT, EPROTONOSUPPORT); a missing module such as 8021q shows up here. */
public final class UnsupportedByKernelException extends KernelException {
    private static final long serialVersionUID = 1L;

    UnsupportedByKernelException(String operation, String object, int errno, String extendedAck) {
        super(operation, object, errno, extendedAck);
    }
}
