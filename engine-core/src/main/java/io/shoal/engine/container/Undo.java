package io.shoal.engine.container;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The steps that undo a partly done start, run in reverse order; a failing step is logged and the others still run. */
final class Undo {
    private static final Logger LOG = Logger.getLogger(Undo.class.getName());

    /** One undo step. */
    interface Step {
        void run() throws Exception;
    }

    private final Deque<Step> steps = new ArrayDeque<>();

    void push(Step step) {
        steps.push(step);
    }

    /** Runs every step, last pushed first. */
    void run(String containerId) {
        while (!steps.isEmpty()) {
            try {
                steps.pop().run();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "undoing a failed start of " + containerId + ": a step failed", e);
            }
        }
    }
}
