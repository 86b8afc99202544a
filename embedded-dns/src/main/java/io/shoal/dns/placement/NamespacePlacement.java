package io.shoal.dns.placement;

import io.shoal.dns.server.SocketPlacement;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetworkNamespace;
import java.io.IOException;

/** Creates a listener's sockets on the namespace's own thread, so they belong to that namespace. */
public final class NamespacePlacement implements SocketPlacement {
    private final NetworkNamespace namespace;

    /** Places sockets in {@code namespace}, which must stay open while sockets are being created. */
    public NamespacePlacement(NetworkNamespace namespace) {
        this.namespace = namespace;
    }

    @Override
    public <T> T open(Opener<T> opener) throws IOException {
        try {
            return namespace.callInside(opener::open);
        } catch (KernelException e) {
            throw new IOException("enter " + namespace + " to open sockets: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return namespace.toString();
    }
}
