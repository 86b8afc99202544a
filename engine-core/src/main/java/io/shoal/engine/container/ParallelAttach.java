package io.shoal.engine.container;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs one task per item on a few short-lived threads and waits for all of them: for work that mostly waits on the
 * kernel, such as attaching many containers' resolvers at an engine start ({@link EarlyDns}).
 */
public final class ParallelAttach {
    private ParallelAttach() {}

    /**
     * Calls {@code task} once per item, at most {@code threads} at a time, and returns when every call has returned.
     * The task handles its own failures; one that throws anyway is rethrown here after all others finished.
     *
     * @throws IllegalArgumentException {@code threads} is below 1
     */
    public static <T> void run(List<T> items, int threads, Consumer<T> task) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " is below 1");
        }
        if (items.size() <= 1) {
            items.forEach(task);
            return;
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()), runnable -> {
            Thread thread = new Thread(runnable, "shoal-early-dns-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = items.stream()
                    .<Future<?>>map(item -> pool.submit(() -> task.accept(item)))
                    .toList();
            RuntimeException failure = null;
            for (Future<?> future : futures) {
                failure = awaitOne(future, failure);
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdown();
        }
    }

    private static RuntimeException awaitOne(Future<?> future, RuntimeException failure) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    future.get();
                    return failure;
                } catch (InterruptedException e) {
                    interrupted = true; // the tasks are short: finish waiting, then keep the interrupt
                } catch (java.util.concurrent.ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException runtime
                            ? runtime
                            : new IllegalStateException(e.getCause());
                    if (failure != null) {
                        failure.addSuppressed(cause);
                        return failure;
                    }
                    return cause;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
