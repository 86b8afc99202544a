package io.shoal.dns.placement;

import io.shoal.dns.firewall.DnsRedirectRules;
import io.shoal.dns.server.DnsListener;
import io.shoal.netlink.NetworkNamespace;
import java.io.IOException;

/**
 * One container's resolver in its namespace: the listener on 127.0.0.11 and the DNAT that leads port 53 to it.
 * Close it before the container's namespace goes away.
 */
public final class ContainerResolver implements AutoCloseable {
    private final DnsListener listener;
    private final NetworkNamespace namespace;

    ContainerResolver(DnsListener listener, NetworkNamespace namespace) {
        this.listener = listener;
        this.namespace = namespace;
    }

    /** The container it answers for. */
    public String containerId() {
        return listener.containerId();
    }

    /** The listener, with its ports inside the namespace. */
    public DnsListener listener() {
        return listener;
    }

    /** The namespace it answers in. */
    NetworkNamespace namespace() {
        return namespace;
    }

    /** The ports the listener holds, which the namespace's DNAT leads to. */
    public ListenerPorts ports() {
        return new ListenerPorts(
                listener.udpAddress().getPort(), listener.tcpAddress().getPort());
    }

    /**
     * Closes the listener and leaves the DNAT rule in the namespace, for an engine that stops while the container
     * runs on: the next engine binds the same ports and finds the rule in place ({@link EmbeddedDns#reattach}).
     * Lookups in the container fail the same way meanwhile, with or without the rule (nothing listens).
     */
    public void closeListener() {
        listener.close();
    }

    /**
     * Closes the listener, then removes the DNAT rules from the namespace.
     *
     * @throws IOException the rules could not be removed (the listener is closed all the same)
     */
    @Override
    public void close() throws IOException {
        listener.close();
        EmbeddedDns.applyInside(namespace, DnsRedirectRules.removal());
    }

    @Override
    public String toString() {
        return "ContainerResolver[" + listener + " in " + namespace + "]";
    }
}
