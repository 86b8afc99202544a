package io.shoal.netlink.internal.ffi;

import io.shoal.netlink.KernelException;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/** File-system calls Java has no API for: mkfifo(3). Failures become a {@link KernelException} naming the path. */
public final class FileCalls {
    /** The C functions used; public only because jnr-ffi generates an implementation of it. */
    public interface LibC {
        @SaveError
        int mkfifo(String path, int mode);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private FileCalls() {}

    /** mkfifo(3): a named pipe at {@code path} with permission bits {@code mode} (less the umask). */
    public static void mkfifo(String path, int mode) throws KernelException {
        if (LIBC.mkfifo(path, mode) < 0) {
            throw KernelException.of("mkfifo", path, RUNTIME.getLastError(), null);
        }
    }
}
