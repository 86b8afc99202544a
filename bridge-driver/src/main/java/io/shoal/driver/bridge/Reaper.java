package io.shoal.driver.bridge;

import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs slow teardown work off the request path, one item at a time, in order. A failure is logged and kept until
 * {@link #await} reports it; the work itself leaves its record in the store, so the next start retries it.
 *
 * @param <T> what is torn down
 */
final class Reaper<T> {
    private static final System.Logger LOG = System.getLogger(Reaper.class.getName());

    private final ExecutorService thread;
    private final Consumer<T> work;
    private final List<RuntimeException> failures = new ArrayList<>();

    Reaper(String name, Consumer<T> work) {
        this.work = work;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        });
    }

    void submit(T item) {
        thread.execute(() -> {
            try {
                work.accept(item);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "teardown of " + item + " failed; the next start retries it", e);
                synchronized (failures) {
                    failures.add(e);
                }
            }
        });
    }

    /**
     * Waits for everything submitted so far.
     *
     * @throws DriverException UNAVAILABLE on timeout; INTERNAL with every failure since the last call
     */
    void await(Duration timeout) {
        Future<?> marker = thread.submit(() -> {});
        try {
            marker.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DriverException(ErrorKind.UNAVAILABLE, "teardown still running after " + timeout, e);
        } catch (ExecutionException e) {
            throw DriverException.internal("teardown queue failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DriverException.internal("interrupted while waiting for teardown", e);
        }
        synchronized (failures) {
            if (!failures.isEmpty()) {
                DriverException error = DriverException.internal(
                        failures.size() + " teardown(s) failed; first: "
                                + failures.get(0).getMessage(),
                        failures.get(0));
                failures.stream().skip(1).forEach(error::addSuppressed);
                failures.clear();
                throw error;
            }
        }
    }
}
