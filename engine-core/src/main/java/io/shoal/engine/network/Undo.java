package io.shoal.engine.network;

import io.shoal.engine.errors.EngineException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The undo steps of an operation in progress: each step done registers how to take it back; when a later step fails
 * {@link #rollBack} runs them newest first. A step that fails to undo is added to the original failure as suppressed
 * (its record stays, and the next start cleans up); the others still run.
 */
final class Undo {
    private final Deque<Named> steps = new ArrayDeque<>();

    /** A step that takes something back. */
    @FunctionalInterface
    interface Step {
        void run() throws EngineException;
    }

    private record Named(String what, Step step) {}

    void onFailure(String what, Step step) {
        steps.push(new Named(what, step));
    }

    /** Undoes every step, newest first, and returns {@code failure} with the undo failures suppressed in it. */
    <T extends Throwable> T rollBack(T failure) {
        while (!steps.isEmpty()) {
            Named named = steps.pop();
            try {
                named.step().run();
            } catch (EngineException | RuntimeException e) {
                failure.addSuppressed(new IllegalStateException("undo failed: " + named.what() + ": " + e, e));
            }
        }
        return failure;
    }
}
