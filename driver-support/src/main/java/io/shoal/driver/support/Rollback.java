package io.shoal.driver.support;

import io.shoal.netlink.KernelException;
import io.shoal.spi.DriverException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The undo list of a multi-step change: each step that succeeds registers how to undo itself; if a later step fails,
 * {@link #close()} undoes the earlier ones in reverse, so a failed request changes nothing. Failures while undoing
 * are attached to the original error as suppressed exceptions, never dropped.
 *
 * <pre>{@code
 * try (Rollback rollback = new Rollback()) {
 *     handle.linkAdd(bridge);
 *     rollback.onFailure("delete bridge " + name, () -> handle.linkDelete(name));
 *     ...
 *     rollback.commit();
 * }
 * }</pre>
 */
public final class Rollback implements AutoCloseable {
    private record Undo(String description, KernelAction action) {}

    private final Deque<Undo> undos = new ArrayDeque<>();
    private boolean committed;

    /** Registers how to undo the step that just succeeded. */
    public void onFailure(String description, KernelAction undo) {
        undos.push(new Undo(description, undo));
    }

    /** Keeps every step: nothing is undone on close. */
    public void commit() {
        committed = true;
    }

    /**
     * Undoes every registered step, newest first, unless committed.
     *
     * @throws DriverException INTERNAL when an undo failed, listing each failure as suppressed; the caller's own
     *     exception (thrown from the try block) gets this one as suppressed, so both survive
     */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        DriverException failures = null;
        while (!undos.isEmpty()) {
            Undo undo = undos.pop();
            try {
                undo.action().run();
            } catch (KernelException | RuntimeException e) {
                if (failures == null) {
                    failures = DriverException.internal("could not undo a failed change; left behind: ", null);
                }
                failures.addSuppressed(new IllegalStateException(undo.description() + " failed: " + e, e));
            }
        }
        if (failures != null) {
            throw failures;
        }
    }
}
