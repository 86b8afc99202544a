package io.shoal.netlink.internal.ffi;

import io.shoal.netlink.KernelException;
import jnr.constants.platform.Errno;
import jnr.ffi.LibraryLoader;
import jnr.ffi.NativeLong;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/**
 * The system calls behind network namespaces: setns(2), unshare(2), mount(2), umount2(2), open(2), close(2),
 * close_range(2), flock(2), mkdir(2), unlink(2) and the nsfs ioctl NS_GET_NSTYPE (ioctl_ns(2)). Every failure becomes a {@link KernelException}
 * naming the call and the object (a path or a descriptor).
 *
 * <p>setns and unshare change only the calling thread (the network namespace is a per-thread attribute); callers
 * decide on which thread they run.
 */
public final class NamespaceCalls {
    /** {@code CLONE_NEWNET} from {@code <sched.h>}: a network namespace. */
    public static final int CLONE_NEWNET = 0x40000000;

    /** {@code MS_BIND} from {@code <sys/mount.h>}. */
    public static final long MS_BIND = 0x1000;
    /** {@code MS_REC}. */
    public static final long MS_REC = 0x4000;
    /** {@code MS_SHARED}. */
    public static final long MS_SHARED = 1L << 20;
    /** {@code MNT_DETACH} for umount2: detach now, clean up when the last user is gone. */
    public static final int MNT_DETACH = 2;

    /** {@code O_RDONLY}. */
    public static final int O_RDONLY = 0;
    /** {@code O_CREAT}. */
    public static final int O_CREAT = 0x40;
    /** {@code O_EXCL}. */
    public static final int O_EXCL = 0x80;
    /** {@code O_DIRECTORY}. */
    public static final int O_DIRECTORY = 0x10000;
    /** {@code O_CLOEXEC}: child processes (e.g. a test's {@code ip}) do not inherit namespace descriptors. */
    public static final int O_CLOEXEC = 0x80000;

    /** {@code LOCK_EX} for flock. */
    public static final int LOCK_EX = 2;
    /** {@code LOCK_UN} for flock. */
    public static final int LOCK_UN = 8;

    /** {@code CLOSE_RANGE_UNSHARE} from {@code <linux/close_range.h>}: give the thread a private table first. */
    private static final int CLOSE_RANGE_UNSHARE = 2;

    /** {@code ~0U}, the highest descriptor close_range accepts as its last. */
    private static final int ALL_DESCRIPTORS = -1;

    /** {@code NS_GET_NSTYPE} = {@code _IO(0xb7, 0x3)} from {@code <linux/nsfs.h>}. */
    private static final long NS_GET_NSTYPE = 0xb703;

    /** The C functions used; public only because jnr-ffi generates an implementation of it. */
    public interface LibC {
        @SaveError
        int setns(int fd, int nstype);

        @SaveError
        int unshare(int flags);

        @SaveError
        int mount(String source, String target, String filesystemType, NativeLong flags, Pointer data);

        @SaveError
        int umount2(String target, int flags);

        @SaveError
        int open(String path, int flags, int mode);

        @SaveError
        int close(int fd);

        @SaveError
        int close_range(int first, int last, int flags);

        @SaveError
        int flock(int fd, int operation);

        @SaveError
        int mkdir(String path, int mode);

        @SaveError
        int unlink(String path);

        @SaveError
        int ioctl(int fd, NativeLong request);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private NamespaceCalls() {}

    /** Moves the calling thread into the namespace open as {@code fd}; {@code object} names it in errors. */
    public static void setns(int fd, int namespaceType, String object) throws KernelException {
        if (LIBC.setns(fd, namespaceType) < 0) {
            throw failure("setns", object);
        }
    }

    /** Gives the calling thread new namespaces of the {@code CLONE_*} {@code flags}. */
    public static void unshare(int flags, String object) throws KernelException {
        if (LIBC.unshare(flags) < 0) {
            throw failure("unshare", object);
        }
    }

    /** mount(2) without data; {@code source} may be empty (propagation changes take none). */
    public static void mount(String source, String target, String filesystemType, long flags) throws KernelException {
        if (LIBC.mount(source, target, filesystemType, NativeLong.valueOf(flags), null) < 0) {
            throw failure("mount", source.isEmpty() ? target : source + " on " + target);
        }
    }

    /** umount2(2). */
    public static void umount2(String target, int flags) throws KernelException {
        if (LIBC.umount2(target, flags) < 0) {
            throw failure("umount2", target);
        }
    }

    /** open(2); returns the descriptor. */
    public static int open(String path, int flags, int mode) throws KernelException {
        while (true) {
            int fd = LIBC.open(path, flags, mode);
            if (fd >= 0) {
                return fd;
            }
            if (lastErrno() != Errno.EINTR.intValue()) {
                throw failure("open", path);
            }
        }
    }

    /** Closes {@code fd}; per close(2) the descriptor is released even when this reports an error. */
    public static void close(int fd, String object) throws KernelException {
        if (LIBC.close(fd) < 0 && lastErrno() != Errno.EINTR.intValue()) {
            throw failure("close", object);
        }
    }

    /**
     * Gives the calling thread a descriptor table of its own and empties it: close_range(2) with
     * CLOSE_RANGE_UNSHARE over every descriptor, which unshares the table (as unshare(2) with CLONE_FILES would)
     * without copying it, since every entry would be closed. The process's other threads keep the shared table and
     * all its files; this thread sees none of them any more, and a descriptor it opens from now on takes the lowest
     * number of its own table (0 first) and is invisible to the other threads. Record locks are not disturbed: their
     * owner is the table (fcntl(2) speaks of the process; Linux keys them on the table, fs/locks.c), and closing
     * this table's copies never releases the shared table's locks. Linux 5.9 and later.
     *
     * @throws KernelException ENOSYS or EINVAL on older kernels
     */
    public static void unshareEmptyDescriptorTable() throws KernelException {
        if (LIBC.close_range(0, ALL_DESCRIPTORS, CLOSE_RANGE_UNSHARE) < 0) {
            throw failure("close_range CLOSE_RANGE_UNSHARE", "the calling thread's descriptor table");
        }
    }

    /** flock(2) with {@link #LOCK_EX} or {@link #LOCK_UN}; waits for the lock. */
    public static void flock(int fd, int operation, String object) throws KernelException {
        while (LIBC.flock(fd, operation) < 0) {
            if (lastErrno() != Errno.EINTR.intValue()) {
                throw failure("flock", object);
            }
        }
    }

    /** mkdir(2); returns false when {@code path} already exists. */
    public static boolean mkdir(String path, int mode) throws KernelException {
        if (LIBC.mkdir(path, mode) == 0) {
            return true;
        }
        if (lastErrno() == Errno.EEXIST.intValue()) {
            return false;
        }
        throw failure("mkdir", path);
    }

    /** unlink(2). */
    public static void unlink(String path) throws KernelException {
        if (LIBC.unlink(path) < 0) {
            throw failure("unlink", path);
        }
    }

    /**
     * The {@code CLONE_NEW*} type of the namespace open as {@code fd} (ioctl NS_GET_NSTYPE, Linux 4.11). A descriptor
     * that is not a namespace fails with ENOTTY.
     */
    public static int namespaceType(int fd, String object) throws KernelException {
        int type = LIBC.ioctl(fd, NativeLong.valueOf(NS_GET_NSTYPE));
        if (type < 0) {
            throw failure("ioctl NS_GET_NSTYPE", object);
        }
        return type;
    }

    private static int lastErrno() {
        return RUNTIME.getLastError();
    }

    private static KernelException failure(String call, String object) {
        return KernelException.of(call, object, lastErrno(), null);
    }
}
