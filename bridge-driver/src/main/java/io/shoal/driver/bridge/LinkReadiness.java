package io.shoal.driver.bridge;

import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.OperState;
import java.time.Duration;

/**
 * Waits for a new veth end to be operationally up. The kernel learns that a veth pair has carrier asynchronously (its
 * link watch work): until then the device sends through a no-op queue, dropping every packet, and a bridge port stays
 * disabled, so the first neighbour solicitation of a new endpoint would be lost and resent a second later (RFC 4861
 * RetransTimer). Join waits for it, so the endpoint is usable when join returns.
 */
final class LinkReadiness {
    /** Beyond this the join returns anyway: the link comes up later, or its peer is down on purpose. */
    static final Duration LIMIT = Duration.ofSeconds(2);

    private static final long PAUSE_NANOS = Duration.ofMillis(1).toNanos();

    private LinkReadiness() {}

    /**
     * Returns once {@code name} is {@link OperState#UP} in the namespace of {@code handle}, or after {@link #LIMIT}.
     *
     * @return whether the link came up in time
     */
    static boolean awaitUp(NetlinkHandle handle, String name) throws KernelException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (handle.linkGet(name).operState() != OperState.UP) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(PAUSE_NANOS);
        }
        return true;
    }
}
