package io.shoal.netlink;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import jnr.constants.platform.Errno;

/** Turns the JDK's IOExceptions from /proc files into KernelExceptions with the errno the JDK only gave as text. */
final class IoErrors {
    private IoErrors() {}

    static KernelException toKernelException(String operation, String object, IOException e) {
        String reason =
                e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
        int errno = errnoOf(e, reason);
        String detail = errno == Errno.EIO.intValue() && reason != null ? reason : null;
        return (KernelException)
                KernelException.of(operation, object, errno, detail).initCause(e);
    }

    /** The JDK reports a failed read(2) or write(2) with strerror's text as the message; match it back. */
    private static int errnoOf(IOException e, String reason) {
        if (e instanceof NoSuchFileException) {
            return Errno.ENOENT.intValue();
        }
        if (e instanceof AccessDeniedException) {
            return Errno.EACCES.intValue();
        }
        if (reason != null) {
            for (Errno candidate : Errno.values()) {
                if (candidate.defined() && reason.equals(candidate.description())) {
                    return candidate.intValue();
                }
            }
        }
        return Errno.EIO.intValue();
    }
}
