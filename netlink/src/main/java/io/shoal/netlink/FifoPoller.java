package io.shoal.netlink;

import io.shoal.netlink.internal.ffi.FileCalls;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets one thread wait on many named pipes (fifo(7)) at once: their read ends are opened non-blocking and watched with
 * poll(2), so copying a container's output needs no thread of its own. A pipe of its own (pipe2(2)) lets other threads
 * wake the waiting one ({@link #wakeup}) when the set of pipes changes.
 *
 * <p>Only {@link #wakeup} may be called from other threads; the rest belongs to the one polling thread.
 */
public final class FifoPoller implements AutoCloseable {
    private final int wakeReadFd;
    private final int wakeWriteFd;
    private final ByteBuffer wakeByte = ByteBuffer.allocateDirect(1);
    private final ByteBuffer wakeDrain = ByteBuffer.allocateDirect(64);
    private ByteBuffer pollfds = ByteBuffer.allocateDirect(FileCalls.POLLFD_SIZE * 16);

    private FifoPoller(int[] wakePipe) {
        this.wakeReadFd = wakePipe[0];
        this.wakeWriteFd = wakePipe[1];
    }

    /**
     * A poller with its wake-up pipe.
     *
     * @throws KernelException pipe2(2) failed (EMFILE, ENFILE)
     */
    public static FifoPoller open() throws KernelException {
        return new FifoPoller(FileCalls.nonBlockingPipe());
    }

    /**
     * Opens the read end of the FIFO at {@code fifo}, non-blocking: it does not wait for a writer, and a writer's
     * blocking open completes as soon as this returns. Until a writer has opened and closed the pipe, an empty pipe
     * is simply not ready (Linux reports POLLHUP only once a writer has come and gone).
     *
     * @throws NoSuchObjectException there is no file at {@code fifo} (ENOENT)
     * @throws KernelException any other errno of open(2)
     */
    public static ReadEnd openReadEnd(Path fifo) throws KernelException {
        return new ReadEnd(FileCalls.openNonBlockingReader(fifo.toString()), fifo);
    }

    /**
     * Blocks until at least one of {@code ends} has data or has reached end of file, or until {@link #wakeup} is
     * called, and returns the ready ones in the order given (empty after a wake-up or a signal).
     *
     * @throws KernelException poll(2) failed (EINVAL: too many descriptors; ENOMEM)
     */
    public List<ReadEnd> await(List<ReadEnd> ends) throws KernelException {
        int count = ends.size() + 1;
        if (pollfds.capacity() < count * FileCalls.POLLFD_SIZE) {
            pollfds = ByteBuffer.allocateDirect(count * 2 * FileCalls.POLLFD_SIZE);
        }
        ByteBuffer fds = pollfds.clear().order(ByteOrder.nativeOrder());
        entry(fds, 0, wakeReadFd);
        for (int i = 0; i < ends.size(); i++) {
            entry(fds, i + 1, ends.get(i).fd);
        }
        List<ReadEnd> ready = new ArrayList<>();
        if (FileCalls.poll(fds, count, -1) == 0) {
            return ready;
        }
        if (revents(fds, 0) != 0) {
            drainWakeups();
        }
        for (int i = 0; i < ends.size(); i++) {
            if (revents(fds, i + 1) != 0) {
                ready.add(ends.get(i));
            }
        }
        return ready;
    }

    /** Makes a thread blocked in {@link #await} (or the next one to call it) return. Safe from any thread. */
    public void wakeup() throws KernelException {
        synchronized (wakeByte) {
            // A full pipe (0 written) already holds a wake-up the poller has not consumed: nothing is lost.
            FileCalls.write(wakeWriteFd, wakeByte.clear(), "wake-up pipe");
        }
    }

    /** Closes the wake-up pipe (not the read ends, which their owners close). */
    @Override
    public void close() throws KernelException {
        try {
            FileCalls.close(wakeReadFd, "wake-up pipe");
        } finally {
            FileCalls.close(wakeWriteFd, "wake-up pipe");
        }
    }

    private void drainWakeups() throws KernelException {
        while (FileCalls.read(wakeReadFd, wakeDrain.clear(), "wake-up pipe") > 0) {
            // Wake-ups carry no data; one or many mean the same.
        }
    }

    private static void entry(ByteBuffer fds, int index, int fd) {
        int offset = index * FileCalls.POLLFD_SIZE;
        fds.putInt(offset, fd);
        fds.putShort(offset + 4, FileCalls.POLLIN);
        fds.putShort(offset + 6, (short) 0);
    }

    private static short revents(ByteBuffer fds, int index) {
        return fds.getShort(index * FileCalls.POLLFD_SIZE + 6);
    }

    /** The non-blocking read end of one FIFO. Not thread-safe. */
    public static final class ReadEnd implements AutoCloseable {
        private final int fd;
        private final Path path;
        private boolean closed;

        private ReadEnd(int fd, Path path) {
            this.fd = fd;
            this.path = path;
        }

        /** The FIFO's path, as opened. */
        public Path path() {
            return path;
        }

        /**
         * Reads what the pipe holds into {@code buffer} (direct) from its position up to its limit, advancing the
         * position. Returns the bytes read, 0 when the pipe is empty but a writer may still write, -1 at end of file
         * (every writer has closed; or none has opened yet, which {@link #await} never reports as ready).
         *
         * @throws KernelException read(2) failed (EBADF after {@link #close}, EIO)
         */
        public int read(ByteBuffer buffer) throws KernelException {
            return FileCalls.read(fd, buffer, path.toString());
        }

        /** Closes the read end; a writer still writing then gets EPIPE. Idempotent. */
        @Override
        public void close() throws KernelException {
            if (!closed) {
                closed = true;
                FileCalls.close(fd, path.toString());
            }
        }
    }
}
