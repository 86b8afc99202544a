package io.shoal.driver.support;

/**
 * An endpoint as a driver keeps and stores it: an immutable value that {@link SkeletonDriver} moves through its
 * {@link EndpointPhase phases}. A {@code JOINING}, {@code JOINED} or {@code LEAVING} record names what its join makes
 * in the kernel, so the driver can remove it from the record alone.
 *
 * @param <E> the driver's own record type
 */
public interface EndpointRecord<E extends EndpointRecord<E>> {
    String networkId();

    String id();

    EndpointPhase phase();

    /** The same endpoint, with the same join, in {@code JOINING}, {@code JOINED} or {@code LEAVING}. */
    E inPhase(EndpointPhase next);

    /** The endpoint as it is when plugged into nothing: {@code IDLE}, no join, nothing published. */
    E left();
}
