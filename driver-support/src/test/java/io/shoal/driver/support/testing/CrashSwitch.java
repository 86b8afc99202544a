package io.shoal.driver.support.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Counts the steps a driver takes through its fakes (each store write, each kernel change) and can make the process
 * "die" before a chosen one: from then on every step throws {@link SimulatedCrash} until {@link #restart}, which
 * stands for the next start of the process over the same store and the same kernel.
 *
 * <p>A real crash ends every thread of the process; here the dead driver's background threads (a reaper retrying a
 * deletion, say) live on in the test's JVM. Each thread therefore carries the process life it was born in, inherited
 * from the thread that made it, and a thread of a dead life stays dead after {@link #restart}: otherwise it could
 * delete, by name, a link the restarted driver has just made again.
 */
public final class CrashSwitch {
    private final List<String> log = new ArrayList<>();
    private int steps;
    private int crashAt = -1;
    private boolean crashed;
    private volatile Consumer<String> listener = what -> {};
    private volatile int life;
    private final InheritableThreadLocal<Integer> lifeOfThread = new InheritableThreadLocal<>() {
        @Override
        protected Integer initialValue() {
            return life; // a thread that never met this switch (a common pool's) belongs to the current life
        }
    };

    public CrashSwitch() {
        lifeOfThread.set(0); // the test thread's children inherit the first life
    }

    /**
     * One step about to change the world.
     *
     * @throws SimulatedCrash when this is the step to die before, or the process already died
     */
    public void step(String what) {
        listener.accept(what);
        synchronized (this) {
            if (crashed || lifeOfThread.get() < life) {
                throw new SimulatedCrash("the process is dead; it cannot " + what);
            }
            if (steps == crashAt) {
                crashed = true;
                throw new SimulatedCrash("crash before step " + steps + ": " + what);
            }
            steps++;
            log.add(what);
        }
    }

    /** A read: only fails once the process is dead. */
    public synchronized void read() {
        if (crashed || lifeOfThread.get() < life) {
            throw new SimulatedCrash("the process is dead; it cannot read");
        }
    }

    /** Dies before the {@code n}th step from now (0: the very next). */
    public synchronized void crashBefore(int n) {
        crashAt = steps + n;
    }

    public synchronized int steps() {
        return steps;
    }

    public synchronized boolean crashed() {
        return crashed;
    }

    /**
     * The next start of the process: steps work again, on the calling thread and the threads made from then on;
     * the dead life's other threads stay dead.
     */
    public synchronized void restart() {
        crashed = false;
        crashAt = -1;
        life++;
        lifeOfThread.set(life);
    }

    /** Every step taken so far, in order. */
    public synchronized List<String> log() {
        return List.copyOf(log);
    }

    /** Called with each step's description before it is taken, on the stepping thread (to pause it, say). */
    public void onStep(Consumer<String> listener) {
        this.listener = listener;
    }
}
