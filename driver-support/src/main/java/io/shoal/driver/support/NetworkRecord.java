package io.shoal.driver.support;

/**
 * A network as a driver keeps and stores it: an immutable value that {@link SkeletonDriver} moves through its
 * {@link NetworkPhase phases}.
 *
 * @param <N> the driver's own record type
 */
public interface NetworkRecord<N extends NetworkRecord<N>> {
    /** The engine's 64-hex-digit network id. */
    String id();

    /** The user's name for the network, for messages. */
    String name();

    NetworkPhase phase();

    /** The same network in another phase. */
    N inPhase(NetworkPhase next);
}
