package io.shoal.engine.containerd;

import io.shoal.netlink.FifoPoller;
import io.shoal.netlink.KernelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Copies the output pipes of every container process to their files with ONE thread: each pipe's read end is opened
 * non-blocking and all of them are watched with poll(2) ({@link FifoPoller}). A thread blocked in read(2) per pipe
 * cost ~100 KiB of stack each, two per container (docs/performance.md, "shoald memory").
 *
 * <p>A copy ends at end of file (the shim closed its write end: the process's output is all out) or when cancelled;
 * either way its pipe and file are closed and {@link Copy#awaitEnd} returns. The thread starts with the first copy and
 * ends with {@link #close}.
 */
final class StdioPump implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StdioPump.class.getName());
    /** One pipe's capacity (pipe(7): 16 pages): a burst is read in a call or two. */
    private static final int BUFFER_BYTES = 64 * 1024;
    /** Reads per ready pipe per round, so one chatty process cannot starve the others. */
    private static final int READS_PER_ROUND = 4;

    private final Queue<Copy> added = new ConcurrentLinkedQueue<>();
    private final Queue<Copy> cancelled = new ConcurrentLinkedQueue<>();
    private final Map<FifoPoller.ReadEnd, Copy> active = new LinkedHashMap<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private FifoPoller poller;
    private Thread thread;
    private volatile boolean closed;

    /**
     * Opens {@code fifo}'s read end now (so that a writer's blocking open completes) and copies what arrives to the
     * end of {@code file} (created if missing), or nowhere when it is empty.
     *
     * @throws KernelException the pipe cannot be opened (ENOENT), or the pump's poller cannot be made
     * @throws IOException the file cannot be opened for appending
     */
    Copy start(Path fifo, Optional<Path> file) throws KernelException, IOException {
        FifoPoller.ReadEnd end = FifoPoller.openReadEnd(fifo);
        FileChannel out;
        try {
            out = file.isPresent()
                    ? FileChannel.open(
                            file.get(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                    : null;
        } catch (IOException e) {
            closeQuietly(end);
            throw e;
        }
        Copy copy = new Copy(end, file, out);
        try {
            ensureRunning();
            added.add(copy);
            poller.wakeup();
        } catch (KernelException e) {
            added.remove(copy);
            copy.finish();
            throw e;
        }
        return copy;
    }

    private synchronized void ensureRunning() throws KernelException {
        if (closed) {
            throw new IllegalStateException("the stdio pump is closed");
        }
        if (thread == null) {
            poller = FifoPoller.open();
            thread = new Thread(this::run, "stdio pump");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Stops the thread; copies still running are closed (their writers get EPIPE). */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = thread;
        }
        if (running == null) {
            return;
        }
        try {
            poller.wakeup();
            running.join(TimeUnit.SECONDS.toMillis(5));
        } catch (KernelException e) {
            LOG.log(Level.WARNING, "cannot wake the stdio pump", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!closed) {
                admit();
                for (FifoPoller.ReadEnd end : poller.await(new ArrayList<>(active.keySet()))) {
                    pump(active.get(end));
                }
            }
        } catch (KernelException | RuntimeException e) {
            LOG.log(Level.SEVERE, "the stdio pump stopped; container output is no longer copied", e);
        } finally {
            added.forEach(copy -> active.putIfAbsent(copy.end, copy));
            active.values().forEach(Copy::finish);
            active.clear();
            closeQuietly(poller);
        }
    }

    /** Takes in the copies other threads started and drops the ones they cancelled. */
    private void admit() {
        for (Copy copy; (copy = added.poll()) != null; ) {
            active.put(copy.end, copy);
        }
        for (Copy copy; (copy = cancelled.poll()) != null; ) {
            active.remove(copy.end);
            copy.finish();
        }
    }

    /** Moves what {@code copy}'s pipe holds to its file; at end of file (or on a failure) the copy ends. */
    private void pump(Copy copy) {
        try {
            for (int round = 0; round < READS_PER_ROUND; round++) {
                int n = copy.end.read(buffer.clear());
                if (n == 0) {
                    return;
                }
                if (n < 0) {
                    break;
                }
                copy.write(buffer.flip());
                if (round == READS_PER_ROUND - 1) {
                    return; // more may be there: poll(2) reports the pipe again
                }
            }
        } catch (KernelException | IOException e) {
            LOG.log(Level.WARNING, "copying " + copy.end.path() + " to " + copy.file + " failed", e);
        }
        active.remove(copy.end);
        copy.finish();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "cannot close " + closeable, e);
        }
    }

    /** One pipe being copied. */
    final class Copy {
        private final FifoPoller.ReadEnd end;
        private final Optional<Path> file;
        private final FileChannel out;
        private final CountDownLatch ended = new CountDownLatch(1);

        private Copy(FifoPoller.ReadEnd end, Optional<Path> file, FileChannel out) {
            this.end = end;
            this.file = file;
            this.out = out;
        }

        /** The pipe this copies. */
        Path fifo() {
            return end.path();
        }

        /** Waits up to {@code timeout} for the copy to end; true when it has. */
        boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
            return ended.await(timeout, unit);
        }

        /** Ends the copy without waiting for end of file (the writer never came); what is copied stays. */
        void cancel() {
            cancelled.add(this);
            try {
                poller.wakeup();
            } catch (KernelException e) {
                LOG.log(Level.WARNING, "cannot wake the stdio pump to cancel " + fifo(), e);
            }
        }

        private void write(ByteBuffer bytes) throws IOException {
            if (out != null) {
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
        }

        private void finish() {
            closeQuietly(end);
            closeQuietly(out);
            ended.countDown();
        }
    }
}
