package io.shoal.engine.undo;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The undo steps of an operation in progress (a network create, an attach, a container start): each step done
 * registers how to take it back with {@link #onFailure}; when a later step fails, {@link #rollBack} runs them newest
 * first. A step that fails to undo does not stop the others: its failure is added to the operation's failure as a
 * suppressed {@link IllegalStateException} {@code undo failed: WHAT: CAUSE} (so the caller's error carries it), and
 * logged at WARNING on the {@link System.Logger} named after this class (so an operator sees it where the caller shows
 * only the error's message). Whatever a failed undo left behind is still named by its record in the store, and the next
 * restore removes it.
 *
 * <p>Not thread-safe: one operation, one thread.
 */
public final class Undo {
    private static final System.Logger LOG = System.getLogger(Undo.class.getName());

    private final Deque<Named> steps = new ArrayDeque<>();
    private final System.Logger log;

    /** A step that takes something back; it may throw anything but an {@link Error}. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private record Named(String what, Step step) {}

    /** An empty list of steps, logging on the logger {@code io.shoal.engine.undo.Undo}. */
    public Undo() {
        this(LOG);
    }

    /** An empty list of steps logging on {@code log} (for tests). */
    Undo(System.Logger log) {
        this.log = log;
    }

    /**
     * Registers the undo of a step just done.
     *
     * @param what what the step does, as the log and the suppressed failure name it: {@code detach web from blue}
     */
    public void onFailure(String what, Step step) {
        steps.push(new Named(what, step));
    }

    /**
     * Runs every registered step, newest first, each once, and returns {@code failure} (the operation's own failure,
     * the one to throw) with each undo failure added to it as suppressed.
     */
    public <T extends Throwable> T rollBack(T failure) {
        while (!steps.isEmpty()) {
            Named named = steps.pop();
            try {
                named.step().run();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failure.addSuppressed(new IllegalStateException("undo failed: " + named.what() + ": " + e, e));
                log.log(Level.WARNING, "undo failed: " + named.what() + " (undoing after: " + failure + ")", e);
            }
        }
        return failure;
    }
}
