package io.shoal.netlink;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A platform thread that lives inside one network namespace and runs the work handed to it, one piece at a time, for
 * {@link NetworkNamespace#callInside}.
 *
 * <p>Why a thread of its own: setns(2) moves only the calling thread, so work in a namespace needs a thread that is in
 * it and that nothing else uses meanwhile. The thread enters the namespace when it starts and never serves another
 * namespace. After every piece of work it enters the namespace again (one setns, about a microsecond here), so work that
 * moved its thread elsewhere cannot leak into the next piece; if that re-entry fails the thread ends, the work's caller
 * gets the failure, and the next call starts a fresh thread. The thread also ends after {@link #DEFAULT_KEEP_ALIVE} idle
 * and on {@link #shutdown}, so idle namespaces hold no threads.
 *
 * <p>Measured on the development machine (2 cores, kernel 6.18): handing work to the running thread costs 10-50 us;
 * a fresh platform thread per call with setns in and out costs 120-200 us, almost all of it thread start-up. Handing a
 * new namespace a thread started ahead of need was tried and gained nothing measurable here (a wake-up costs about as
 * much as a start on this machine), so threads start on demand.
 */
final class NamespaceThread {
    /**
     * How long an idle thread waits for more work before it ends: long enough for the bursts of one attach or detach,
     * short enough that starting 100 containers does not leave dozens of idle stacks resident (~100 KiB each).
     */
    static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(2);

    /** Puts the calling thread into the namespace; called when the thread starts and after every piece of work. */
    @FunctionalInterface
    interface Entry {
        void enter() throws KernelException;
    }

    private final String threadName;
    private final Entry entry;
    private final long keepAliveNanos;
    private final Object lock = new Object();
    // All guarded by lock.
    private final ArrayDeque<Task<?>> queue = new ArrayDeque<>();
    private Thread thread;
    /**
     * The thread is between tasks (back in the namespace after one, or waiting for the next): it will not touch the
     * namespace again before it takes another.
     */
    private boolean idle;

    private boolean shutdown;

    NamespaceThread(String threadName, Entry entry, Duration keepAlive) {
        this.threadName = threadName;
        this.entry = entry;
        this.keepAliveNanos = keepAlive.toNanos();
    }

    /**
     * Runs {@code work} on this namespace's thread and returns its result or throws what it threw. Waits for the work
     * even when interrupted (the interrupt is kept for the caller). Work that calls back into the same namespace from
     * its own thread runs directly.
     *
     * @throws KernelException the thread could not enter the namespace, or could not re-enter it after the work (the
     *     thread has then ended and a result that is {@link AutoCloseable} was closed)
     * @throws IllegalStateException after {@link #shutdown}
     */
    <T, E extends Exception> T call(NamespaceCallable<T, E> work) throws E, KernelException {
        if (isServedBy(Thread.currentThread())) {
            return work.call();
        }
        Task<T> task = new Task<>(work);
        synchronized (lock) {
            if (shutdown) {
                throw new IllegalStateException(threadName + " is closed");
            }
            queue.add(task);
            if (thread == null) {
                thread = startThread();
            } else {
                lock.notifyAll();
            }
        }
        task.awaitUninterruptibly();
        return task.<E>resultOrThrow();
    }

    /**
     * Refuses new work and lets queued work finish. Waits until the thread has ended, unless it is idle with nothing
     * queued (then it ends a moment later without touching the namespace again; not waiting saves a thread wake-up
     * and exit, 150-300 us here) or this is called from the thread itself.
     */
    void shutdown() {
        boolean interrupted = false;
        while (true) {
            Thread running;
            synchronized (lock) {
                shutdown = true;
                lock.notifyAll();
                // Queued work still runs after this returns, so only an idle thread with nothing queued is let go.
                running = idle && queue.isEmpty() ? null : thread;
            }
            if (running == null || running == Thread.currentThread()) {
                break;
            }
            try {
                running.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@code candidate} is this namespace's thread right now. */
    boolean isServedBy(Thread candidate) {
        synchronized (lock) {
            return thread == candidate;
        }
    }

    /** Runs {@code work} on a new platform thread that ends afterwards; for work that must not leave its thread behind. */
    static <T> T callOnFreshThread(String threadName, NamespaceCallable<T, KernelException> work)
            throws KernelException {
        Task<T> task = new Task<>(work);
        Thread fresh = new Thread(task::runAndFinish, threadName);
        fresh.setDaemon(true);
        fresh.start();
        task.awaitUninterruptibly();
        return task.<KernelException>resultOrThrow();
    }

    private Thread startThread() {
        Thread started = new Thread(this::serve, threadName);
        started.setDaemon(true);
        started.start();
        return started;
    }

    private void serve() {
        try {
            entry.enter();
        } catch (KernelException | RuntimeException e) {
            failQueuedAndRetire(e);
            return;
        }
        while (true) {
            Task<?> task = nextTaskOrRetire();
            if (task == null) {
                return;
            }
            task.run();
            // An interrupt the work left behind must not reach the next piece of work.
            boolean ignored = Thread.interrupted();
            try {
                entry.enter();
            } catch (KernelException | RuntimeException e) {
                task.failReturning(e);
                retireAfterFailedReturn();
                task.finish();
                return;
            }
            // Back in the namespace and done with the namespace until the next task: a shutdown from here on need not
            // wait for this thread (a caller that closes the namespace right after its work returns saves a wait for
            // this thread to wake up and end, about 300 us on a loaded 2-core machine).
            synchronized (lock) {
                idle = true;
            }
            task.finish();
        }
    }

    private Task<?> nextTaskOrRetire() {
        synchronized (lock) {
            long deadline = System.nanoTime() + keepAliveNanos;
            while (queue.isEmpty()) {
                long remaining = deadline - System.nanoTime();
                if (shutdown || remaining <= 0) {
                    thread = null;
                    idle = false;
                    return null;
                }
                idle = true;
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, remaining);
                } catch (InterruptedException e) {
                    // Nobody interrupts this thread on purpose; keep serving until idle or shut down.
                }
            }
            idle = false;
            return queue.poll();
        }
    }

    private void failQueuedAndRetire(Exception failure) {
        List<Task<?>> failed;
        synchronized (lock) {
            failed = new ArrayList<>(queue);
            queue.clear();
            thread = null;
        }
        for (Task<?> task : failed) {
            task.failReturning(failure);
            task.finish();
        }
    }

    /** This thread cannot be trusted any more: it ends, and work queued behind it gets a fresh thread. */
    private void retireAfterFailedReturn() {
        synchronized (lock) {
            thread = queue.isEmpty() ? null : startThread();
        }
    }

    /** One piece of work and its outcome; the latch publishes the outcome to the waiting caller. */
    private static final class Task<T> {
        private final NamespaceCallable<T, ?> work;
        private final CountDownLatch done = new CountDownLatch(1);
        private T result;
        private Throwable failure;

        Task(NamespaceCallable<T, ?> work) {
            this.work = work;
        }

        @SuppressWarnings("CatchingUnchecked")
        void run() {
            try {
                result = work.call();
            } catch (Exception | Error e) {
                failure = e;
            }
        }

        void runAndFinish() {
            run();
            finish();
        }

        /** The thread could not return to (or enter) the namespace: that failure wins, the work's outcome is dropped. */
        void failReturning(Exception returning) {
            if (failure != null) {
                returning.addSuppressed(failure);
            }
            if (result instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    returning.addSuppressed(e);
                }
            }
            result = null;
            failure = returning;
        }

        void finish() {
            done.countDown();
        }

        void awaitUninterruptibly() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** The work can only have thrown E, an unchecked exception, or the KernelException of entering. */
        @SuppressWarnings("unchecked")
        <E extends Exception> T resultOrThrow() throws E, KernelException {
            if (failure == null) {
                return result;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof KernelException kernel) {
                throw kernel;
            }
            throw (E) failure;
        }
    }
}
