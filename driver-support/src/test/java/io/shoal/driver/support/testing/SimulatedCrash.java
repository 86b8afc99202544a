package io.shoal.driver.support.testing;

/**
 * The process dying, as a test simulates it: an {@link Error}, so no driver code catches it (rollbacks and teardowns
 * catch exceptions only), and every later call to the same {@link CrashSwitch} throws it again, as a dead process does
 * nothing more.
 */
public final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    public SimulatedCrash(String message) {
        super(message);
    }
}
