package io.shoal.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import jnr.constants.platform.Errno;
import org.junit.jupiter.api.Test;

/** The thread discipline of callInside, with the namespace entry replaced by a counter: no kernel needed. */
class NamespaceThreadTest {
    private final AtomicInteger entries = new AtomicInteger();
    private final AtomicBoolean failNextEntry = new AtomicBoolean();

    private NamespaceThread thread(Duration keepAlive) {
        return new NamespaceThread(
                "test-namespace-thread",
                () -> {
                    entries.incrementAndGet();
                    if (failNextEntry.getAndSet(false)) {
                        throw KernelException.of("setns", "test namespace", Errno.EBADF.intValue(), null);
                    }
                },
                keepAlive);
    }

    @Test
    void reusesOneThreadAndReentersAfterEveryPieceOfWork() throws Exception {
        NamespaceThread namespaceThread = thread(Duration.ofSeconds(10));
        Thread first = namespaceThread.call(Thread::currentThread);
        Thread second = namespaceThread.call(Thread::currentThread);
        assertThat(second).isSameAs(first).isNotSameAs(Thread.currentThread());
        assertThat(first.isDaemon()).isTrue();
        assertThat(entries.get()).isEqualTo(3); // on start, after the first and after the second work
        namespaceThread.shutdown();
        first.join(5_000);
        assertThat(first.isAlive()).isFalse();
    }

    @Test
    void aFailedReturnEndsTheThreadClosesTheResultAndFailsTheCaller() throws Exception {
        NamespaceThread namespaceThread = thread(Duration.ofSeconds(10));
        Thread before = namespaceThread.call(Thread::currentThread);
        AtomicBoolean resultClosed = new AtomicBoolean();
        AtomicReference<Thread> ran = new AtomicReference<>();
        failNextEntry.set(true);
        assertThatThrownBy(() -> namespaceThread.call(() -> {
                    ran.set(Thread.currentThread());
                    AutoCloseable result = () -> resultClosed.set(true);
                    return result;
                }))
                .isInstanceOf(KernelException.class)
                .hasMessage("setns test namespace: EBADF (Bad file descriptor)");
        assertThat(ran.get()).isSameAs(before);
        assertThat(resultClosed).isTrue();
        ran.get().join(5_000);
        assertThat(ran.get().isAlive()).isFalse();
        Thread after = namespaceThread.call(Thread::currentThread);
        assertThat(after).isNotSameAs(before);
        namespaceThread.shutdown();
    }

    @Test
    void aFailedReturnWinsOverTheWorksOwnException() {
        NamespaceThread namespaceThread = thread(Duration.ofSeconds(10));
        failNextEntry.set(false);
        assertThatThrownBy(() -> namespaceThread.call(() -> {
                    failNextEntry.set(true);
                    throw new IllegalStateException("work failed");
                }))
                .isInstanceOf(KernelException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        namespaceThread.shutdown();
    }

    @Test
    void failingToEnterFailsTheCallAndTheNextCallTriesAgain() throws Exception {
        NamespaceThread namespaceThread = thread(Duration.ofSeconds(10));
        failNextEntry.set(true);
        AtomicBoolean ran = new AtomicBoolean();
        assertThatThrownBy(() -> namespaceThread.call(() -> ran.getAndSet(true)))
                .isInstanceOf(KernelException.class);
        assertThat(ran).isFalse();
        assertThat(namespaceThread.call(() -> "ok")).isEqualTo("ok");
        namespaceThread.shutdown();
    }

    @Test
    void anIdleThreadEndsAndANewOneServesTheNextCall() throws Exception {
        NamespaceThread namespaceThread = thread(Duration.ofMillis(20));
        Thread first = namespaceThread.call(Thread::currentThread);
        first.join(5_000);
        assertThat(first.isAlive()).isFalse();
        assertThat(namespaceThread.call(Thread::currentThread)).isNotSameAs(first);
        namespaceThread.shutdown();
    }

    @Test
    void shutdownWaitsForWorkInProgress() throws Exception {
        NamespaceThread namespaceThread = thread(Duration.ofSeconds(10));
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                namespaceThread.call(() -> {
                    started.countDown();
                    Thread.sleep(200);
                    finished.set(true);
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        caller.start();
        started.await();
        namespaceThread.shutdown();
        assertThat(finished).isTrue();
        caller.join(5_000);
    }

    /**
     * Shutdown right after a call need not wait for the thread to end (it is between tasks), but the thread must not
     * enter the namespace again after it: the caller closes the namespace's descriptor next.
     */
    @Test
    void aThreadLetGoAfterItsWorkNeverEntersAgain() throws Exception {
        for (int i = 0; i < 200; i++) {
            entries.set(0);
            NamespaceThread namespaceThread = thread(Duration.ofSeconds(10));
            Thread used = namespaceThread.call(Thread::currentThread);
            namespaceThread.shutdown();
            used.join(5_000);
            assertThat(used.isAlive()).isFalse();
            assertThat(entries.get()).as("entries: on start and after the work").isEqualTo(2);
        }
    }

    @Test
    void shutdownWaitsForQueuedWork() throws Exception {
        NamespaceThread namespaceThread = thread(Duration.ofSeconds(10));
        namespaceThread.call(() -> null);
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        Thread first = new Thread(() -> call(namespaceThread, () -> {
            started.countDown();
            release.await();
            return finished.incrementAndGet();
        }));
        first.start();
        started.await();
        Thread second = new Thread(() -> call(namespaceThread, finished::incrementAndGet));
        second.start();
        while (second.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        release.countDown();
        namespaceThread.shutdown();
        assertThat(finished.get())
                .as("both pieces of work ran before shutdown returned")
                .isEqualTo(2);
        first.join(5_000);
        second.join(5_000);
    }

    private static void call(NamespaceThread namespaceThread, NamespaceCallable<Integer, Exception> work) {
        try {
            namespaceThread.call(work);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void afterShutdownWorkIsRefused() throws Exception {
        NamespaceThread namespaceThread = thread(Duration.ofSeconds(10));
        namespaceThread.call(() -> 1);
        namespaceThread.shutdown();
        assertThatThrownBy(() -> namespaceThread.call(() -> 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theCallerKeepsItsInterruptAndStillGetsTheResult() throws Exception {
        NamespaceThread namespaceThread = thread(Duration.ofSeconds(10));
        Thread.currentThread().interrupt();
        try {
            assertThat(namespaceThread.call(() -> {
                        Thread.sleep(50);
                        return "done";
                    }))
                    .isEqualTo("done");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            boolean cleared = Thread.interrupted();
            assertThat(cleared).isTrue();
            namespaceThread.shutdown();
        }
    }

    @Test
    void aFreshThreadRunsOnceAndEnds() throws Exception {
        Thread used = NamespaceThread.callOnFreshThread("fresh", Thread::currentThread);
        used.join(5_000);
        assertThat(used.isAlive()).isFalse();
        assertThat(used).isNotSameAs(Thread.currentThread());
    }
}
