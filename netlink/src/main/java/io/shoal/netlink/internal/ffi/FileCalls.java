package io.shoal.netlink.internal.ffi;

import io.shoal.netlink.KernelException;
import java.nio.ByteBuffer;
import jnr.constants.platform.Errno;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * File calls Java has no API for: mkfifo(3), and the non-blocking open(2), read(2), poll(2) and pipe2(2) one thread
 * needs to copy many named pipes at once. Failures become a {@link KernelException} naming the path or descriptor.
 *
 * <p>Buffers must be direct: jnr-ffi then hands the kernel the buffer's address at its position, with no copy.
 */
public final class FileCalls {
    /** {@code POLLIN} from {@code <poll.h>}: there is data to read. */
    public static final short POLLIN = 0x1;
    /** {@code POLLERR}. */
    public static final short POLLERR = 0x8;
    /** {@code POLLHUP}: the other end is closed (for a FIFO: its last writer, after one had opened it). */
    public static final short POLLHUP = 0x10;
    /** {@code POLLNVAL}: the descriptor is not open. */
    public static final short POLLNVAL = 0x20;
    /** {@code struct pollfd}: fd (int), events (short), revents (short). */
    public static final int POLLFD_SIZE = 8;

    private static final int O_RDONLY = 0;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;

    /** The C functions used; public only because jnr-ffi generates an implementation of it. */
    public interface LibC {
        @SaveError
        int mkfifo(String path, int mode);

        @SaveError
        int open(String path, int flags);

        @SaveError
        @ssize_t
        long read(int fd, @Out ByteBuffer buffer, @size_t long count);

        @SaveError
        @ssize_t
        long write(int fd, @In ByteBuffer buffer, @size_t long count);

        @SaveError
        int poll(ByteBuffer fds, long count, int timeoutMillis);

        @SaveError
        int pipe2(@Out int[] fds, int flags);

        @SaveError
        int close(int fd);
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

    /**
     * Opens {@code path} for reading, close-on-exec and non-blocking. For a FIFO the open completes at once, with or
     * without a writer (fifo(7)); a writer's blocking open then completes too. Returns the descriptor.
     */
    public static int openNonBlockingReader(String path) throws KernelException {
        while (true) {
            int fd = LIBC.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
            if (fd >= 0) {
                return fd;
            }
            if (RUNTIME.getLastError() != Errno.EINTR.intValue()) {
                throw KernelException.of("open", path, RUNTIME.getLastError(), null);
            }
        }
    }

    /**
     * read(2) from a non-blocking descriptor into {@code buffer} from its position to its limit, advancing the
     * position. Returns the bytes read, 0 when none are there yet (EAGAIN), -1 at end of file.
     */
    public static int read(int fd, ByteBuffer buffer, String object) throws KernelException {
        requireDirect(buffer);
        while (true) {
            long n = LIBC.read(fd, buffer, buffer.remaining());
            if (n > 0) {
                buffer.position(buffer.position() + (int) n);
                return (int) n;
            }
            if (n == 0) {
                return -1;
            }
            int errno = RUNTIME.getLastError();
            if (errno == Errno.EAGAIN.intValue()) {
                return 0;
            }
            if (errno != Errno.EINTR.intValue()) {
                throw KernelException.of("read", object, errno, null);
            }
        }
    }

    /**
     * One write(2) of the bytes between {@code buffer}'s position and limit, advancing the position. Returns the bytes
     * written, 0 when the descriptor is non-blocking and full (EAGAIN).
     */
    public static int write(int fd, ByteBuffer buffer, String object) throws KernelException {
        requireDirect(buffer);
        while (true) {
            long n = LIBC.write(fd, buffer, buffer.remaining());
            if (n >= 0) {
                buffer.position(buffer.position() + (int) n);
                return (int) n;
            }
            int errno = RUNTIME.getLastError();
            if (errno == Errno.EAGAIN.intValue()) {
                return 0;
            }
            if (errno != Errno.EINTR.intValue()) {
                throw KernelException.of("write", object, errno, null);
            }
        }
    }

    /**
     * poll(2) over {@code count} {@code struct pollfd} entries ({@link #POLLFD_SIZE} bytes each, native order) at the
     * start of {@code fds}; blocks until one is ready ({@code timeoutMillis} -1: no limit). Returns how many entries
     * have a non-zero revents, 0 when interrupted by a signal (EINTR) or timed out.
     */
    public static int poll(ByteBuffer fds, int count, int timeoutMillis) throws KernelException {
        requireDirect(fds);
        int ready = LIBC.poll(fds, count, timeoutMillis);
        if (ready >= 0) {
            return ready;
        }
        int errno = RUNTIME.getLastError();
        if (errno == Errno.EINTR.intValue()) {
            return 0;
        }
        throw KernelException.of("poll", count + " descriptors", errno, null);
    }

    /** pipe2(2), close-on-exec and non-blocking: returns {read end, write end}. */
    public static int[] nonBlockingPipe() throws KernelException {
        int[] fds = new int[2];
        if (LIBC.pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0) {
            throw KernelException.of("pipe2", "wake-up pipe", RUNTIME.getLastError(), null);
        }
        return fds;
    }

    /** close(2); per its man page the descriptor is released even when this reports an error (EINTR is not one). */
    public static void close(int fd, String object) throws KernelException {
        if (LIBC.close(fd) < 0 && RUNTIME.getLastError() != Errno.EINTR.intValue()) {
            throw KernelException.of("close", object, RUNTIME.getLastError(), null);
        }
    }

    private static void requireDirect(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("jnr-ffi needs a direct buffer");
        }
    }
}
