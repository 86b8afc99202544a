package io.shoal.driver.support;

import io.shoal.netlink.KernelException;
import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes several things, going on after a failure so one stuck object does not leave the rest behind, then reports
 * every failure at once (as netavark's error list does).
 */
public final class Teardown {
    private final String what;
    private final List<Exception> failures = new ArrayList<>();

    /** @param what the object being torn down, for the message, e.g. {@code "network web"} */
    public Teardown(String what) {
        this.what = what;
    }

    /**
     * Runs one step; a failure is remembered, not thrown.
     *
     * @return whether the step succeeded
     */
    public boolean step(String description, KernelAction action) {
        try {
            action.run();
            return true;
        } catch (KernelException | RuntimeException e) {
            failures.add(new IllegalStateException(description + ": " + e.getMessage(), e));
            return false;
        }
    }

    /**
     * @throws DriverException with every failure as suppressed, naming the first in its message
     */
    public void finish() {
        if (failures.isEmpty()) {
            return;
        }
        DriverException error = new DriverException(
                ErrorKind.INTERNAL,
                "removing " + what + " left " + failures.size() + " problem(s); first: "
                        + failures.get(0).getMessage(),
                failures.get(0));
        failures.stream().skip(1).forEach(error::addSuppressed);
        throw error;
    }
}
