package io.shoal.driver.support;

import io.shoal.netlink.InvalidRequestException;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.NoSuchObjectException;
import io.shoal.netlink.ObjectExistsException;
import io.shoal.netlink.PermissionDeniedException;
import io.shoal.netlink.UnsupportedByKernelException;
import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;

/** Kernel failures as SPI errors: the errno's meaning becomes the kind, the kernel's message is kept whole. */
public final class KernelErrors {
    private KernelErrors() {}

    /**
     * @param doing what the driver was doing, e.g. {@code "creating bridge br-web"}
     */
    public static DriverException translate(String doing, KernelException cause) {
        return new DriverException(kindOf(cause), doing + ": " + cause.getMessage(), cause);
    }

    static ErrorKind kindOf(KernelException cause) {
        if (cause instanceof ObjectExistsException) {
            return ErrorKind.CONFLICT;
        }
        if (cause instanceof NoSuchObjectException) {
            return ErrorKind.NOT_FOUND;
        }
        if (cause instanceof InvalidRequestException) {
            return ErrorKind.INVALID_ARGUMENT;
        }
        if (cause instanceof PermissionDeniedException) {
            return ErrorKind.FORBIDDEN;
        }
        if (cause instanceof UnsupportedByKernelException) {
            return ErrorKind.NOT_IMPLEMENTED;
        }
        return ErrorKind.INTERNAL;
    }
}
