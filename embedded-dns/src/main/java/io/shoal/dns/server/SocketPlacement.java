package io.shoal.dns.server;

import java.io.IOException;

/**
 * Where a listener's sockets are created. A socket belongs to the network namespace of the thread that created it,
 * for good (socket(7), namespaces(7)); binding, reading and writing can then happen on any thread. So only the
 * creation of each socket goes through a placement; the event loops never change namespace.
 */
public interface SocketPlacement {
    /** Sockets are created in the caller's own namespace: for tests and for a resolver serving the host. */
    SocketPlacement CURRENT_NAMESPACE = new SocketPlacement() {
        @Override
        public <T> T open(Opener<T> opener) throws IOException {
            return opener.open();
        }

        @Override
        public String toString() {
            return "current namespace";
        }
    };

    /**
     * Runs {@code opener} where the sockets belong and returns what it made. May block for as long as entering the
     * namespace takes; never called on an event loop.
     */
    <T> T open(Opener<T> opener) throws IOException;

    /** Creates sockets (Netty channels, not yet registered); runs inside the target namespace. */
    @FunctionalInterface
    interface Opener<T> {
        /** Creates the sockets. */
        T open() throws IOException;
    }
}
