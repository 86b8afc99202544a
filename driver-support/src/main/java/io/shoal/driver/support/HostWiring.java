package io.shoal.driver.support;

import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.spi.DriverContext;
import io.shoal.spi.DriverStore;

/**
 * What every Shoal driver takes from the engine's {@link DriverContext}: the namespace that plays the host (the
 * engine's own in production, a test namespace in tests), the store, and an rtnetlink handle opened in that host.
 *
 * @param host the host namespace, where bridges and parent links live
 * @param store the driver's records
 * @param handle rtnetlink in {@code host}
 */
public record HostWiring(NetworkNamespace host, DriverStore store, NetlinkHandle handle) {
    /**
     * @throws io.shoal.spi.DriverException UNAVAILABLE when the context lacks the namespace or the store; the kernel's
     *     kind when rtnetlink cannot be opened there
     */
    public static HostWiring from(DriverContext context) {
        NetworkNamespace host = context.requireService(NetworkNamespace.class);
        DriverStore store = context.requireService(DriverStore.class);
        try {
            return new HostWiring(host, store, NetlinkHandle.openIn(host));
        } catch (KernelException e) {
            throw KernelErrors.translate("opening rtnetlink in the host namespace", e);
        }
    }
}
