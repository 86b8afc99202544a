package io.shoal.driver.support;

import java.util.concurrent.locks.ReentrantLock;

/**
 * An endpoint in a {@link SkeletonDriver}'s table: its lock, held by every call on it, and its committed record
 * ({@code null} once deleted, or while being created).
 *
 * @param <E> the driver's endpoint record
 */
public final class EndpointSlot<E> {
    final ReentrantLock lock = new ReentrantLock();
    volatile E record;

    /** The committed record. */
    public E record() {
        return record;
    }
}
