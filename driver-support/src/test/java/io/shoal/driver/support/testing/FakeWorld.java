package io.shoal.driver.support.testing;

/**
 * One store and one fake kernel that outlive the drivers a test starts over them: what a driver's fake world shares.
 * Each step either takes goes through one {@link CrashSwitch}.
 *
 * @param <D> the driver
 */
public abstract class FakeWorld<D> implements CrashPoints.World<D> {
    public final CrashSwitch crash = new CrashSwitch();
    public final CrashingStore store = new CrashingStore(crash);
    public final FakeHost host = new FakeHost(crash);

    @Override
    public final CrashSwitch crash() {
        return crash;
    }
}
