package io.shoal.driver.support.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.function.Supplier;

/**
 * Runs one operation with a crash before each of its steps in turn. Each time: a fresh world (store and fake kernel),
 * a driver that arranges the preconditions, a crash armed before step k of the operation, the operation run until the
 * process "dies", then a new driver over the same store and surviving kernel objects (which restores), the
 * invariants checked, the operation finished (repeated, or found done), and the invariants checked again.
 *
 * @param <D> the driver
 */
public final class CrashPoints<D> {
    /** One store and one kernel, across restarts of the driver. */
    public interface World<D> {
        /** A new driver over this world's store and kernel, restored. */
        D start();

        CrashSwitch crash();

        /** Waits for background work (deferred teardown). */
        void settle(D driver);

        /** Store, memory and kernel agree; nothing is half made; nothing is left over. */
        void checkInvariants(D driver);
    }

    /** A driver call that may throw anything. */
    @FunctionalInterface
    public interface Step<D> {
        void run(D driver) throws Exception;
    }

    private final Supplier<World<D>> worlds;

    public CrashPoints(Supplier<World<D>> worlds) {
        this.worlds = worlds;
    }

    /**
     * @param arrange brings a new world to the operation's starting point
     * @param operation the operation under test
     * @param finish after the restart: brings the world to the operation's goal (repeats it, or accepts that restore
     *     completed it), asserting along the way
     * @return how many crash points were tried: one before each step the operation takes
     */
    public int each(String name, Step<D> arrange, Step<D> operation, Step<D> finish) throws Exception {
        World<D> probe = worlds.get();
        D first = probe.start();
        arrange.run(first);
        probe.settle(first);
        int before = probe.crash().steps();
        operation.run(first);
        probe.settle(first);
        int steps = probe.crash().steps() - before;
        assertThat(steps).as("%s takes steps", name).isPositive();
        for (int k = 0; k < steps; k++) {
            World<D> world = worlds.get();
            D driver = world.start();
            arrange.run(driver);
            world.settle(driver);
            world.crash().crashBefore(k);
            Throwable thrown = catchThrowable(() -> {
                operation.run(driver);
                world.settle(driver);
            });
            assertThat(world.crash().crashed())
                    .as("%s crashed before step %d (%s)", name, k, thrown)
                    .isTrue();
            world.crash().restart();
            D restarted = world.start();
            String where = name + ", crash before step " + k + " of " + steps + " ("
                    + world.crash().log() + ")";
            check(world, restarted, where + ", after restore");
            finish.run(restarted);
            world.settle(restarted);
            check(world, restarted, where + ", after finishing");
        }
        return steps;
    }

    private static <D> void check(World<D> world, D driver, String where) {
        try {
            world.checkInvariants(driver);
        } catch (AssertionError e) {
            throw new AssertionError(where + ": " + e.getMessage(), e);
        }
    }
}
