package io.shoal.netlink;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Open network namespaces shared by path, so that the several users of one sandbox (its DNS resolver for the
 * sandbox's life, a driver's join or leave, the default routes) use one descriptor and one {@link NetworkNamespace}
 * thread instead of opening the namespace, and starting a thread inside it, each time.
 *
 * <p>A {@link Lease} counts as a user; the namespace is closed when its last lease is. A lease is taken only on the
 * namespace the path names <em>now</em>: the path is stat(2)ed each time, and when a new namespace was bind-mounted
 * under it since (a sandbox deleted and made again under the same name), a fresh instance is opened for it while the
 * old one stays open for its remaining holders.
 *
 * <p>Measured reason (docs/performance.md, connect profile): each open of a sandbox cost an open(2), an
 * NS_GET_NSTYPE ioctl, a stat(2) and a thread start with setns on first use (0.2-1 ms on this machine under load),
 * twice per connect and twice per disconnect.
 *
 * <p>Each shared namespace can also keep one rtnetlink socket opened inside it ({@link Lease#netlink}), so its users
 * talk to its kernel from their own thread: a socket stays in the namespace it was opened in, whichever thread uses
 * it (netlink(7)), and the hand-off to the namespace's thread and back is then needed only for what must run there
 * (a /proc/sys write, a socket's open).
 *
 * <p>Thread-safe.
 */
public final class SharedNamespaces {
    private static final Object LOCK = new Object();
    // Guarded by LOCK.
    private static final Map<Path, Shared> BY_PATH = new HashMap<>();

    private SharedNamespaces() {}

    /**
     * A lease on the namespace at {@code path} (a bind mount such as {@code /run/netns/NAME}, or a {@code /proc}
     * link): the open instance others hold, or a new one.
     *
     * @throws NoSuchObjectException nothing at {@code path}
     * @throws KernelException {@code path} is not a network namespace, or it cannot be opened
     */
    public static Lease lease(Path path) throws KernelException {
        Objects.requireNonNull(path, "path");
        NamespaceId current = NetworkNamespace.idOf(path);
        synchronized (LOCK) {
            Shared shared = BY_PATH.get(path);
            if (shared != null && shared.namespace.id().equals(current)) {
                shared.holders++;
                return new Lease(shared);
            }
            NetworkNamespace opened = NetworkNamespace.openByPath(path);
            Shared fresh = new Shared(path, opened);
            if (opened.id().equals(current)) {
                // Replaced under the same path: the old instance stays open for its holders and is closed by its last.
                BY_PATH.put(path, fresh);
            } else {
                fresh.listed = false; // changed between the stat and the open: not shared, closed by this lease
            }
            return new Lease(fresh);
        }
    }

    /** As {@link #lease}, or empty when there is no namespace at {@code path} any more (ENOENT). */
    public static Optional<Lease> leaseIfPresent(Path path) throws KernelException {
        try {
            return Optional.of(lease(path));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
    }

    /** How many namespaces are open through leases (for tests). */
    static int openCount() {
        synchronized (LOCK) {
            return BY_PATH.size();
        }
    }

    /** One holder's use of a shared namespace; {@link #close} once. */
    public static final class Lease implements AutoCloseable {
        private final Shared shared;
        private boolean closed;

        private Lease(Shared shared) {
            this.shared = shared;
        }

        /**
         * The open namespace; do not close it (close the lease).
         *
         * @throws IllegalStateException after {@link #close}
         */
        public NetworkNamespace namespace() {
            synchronized (LOCK) {
                if (closed) {
                    throw new IllegalStateException("lease on " + shared.namespace + " is closed");
                }
            }
            return shared.namespace;
        }

        /** Gives the lease back; the namespace is closed when this was its last. Idempotent. */
        @Override
        public void close() throws KernelException {
            synchronized (LOCK) {
                if (closed) {
                    return;
                }
                closed = true;
                if (--shared.holders > 0) {
                    return;
                }
                if (shared.listed) {
                    BY_PATH.remove(shared.path, shared);
                }
            }
            shared.close();
        }

        /**
         * The rtnetlink handle kept with this namespace, opened inside it on first use ({@link NetlinkHandle#openIn})
         * and closed with the namespace, when its last lease is closed; do not close it. Its calls are serialized on
         * the handle, so its users take turns.
         *
         * @throws IllegalStateException after {@link #close}
         * @throws KernelException the socket cannot be opened inside the namespace
         */
        public NetlinkHandle netlink() throws KernelException {
            NetworkNamespace namespace = namespace();
            synchronized (shared) {
                if (shared.netlink == null) {
                    shared.netlink = NetlinkHandle.openIn(namespace);
                }
                return shared.netlink;
            }
        }

        @Override
        public String toString() {
            return "lease on " + shared.namespace;
        }
    }

    private static final class Shared {
        final Path path;
        final NetworkNamespace namespace;
        // Guarded by LOCK.
        int holders = 1;
        boolean listed = true;
        // Guarded by this; opened on first use.
        NetlinkHandle netlink;

        Shared(Path path, NetworkNamespace namespace) {
            this.path = path;
            this.namespace = namespace;
        }

        /** Closes the kept handle, then the namespace; the namespace is closed even when the handle's close fails. */
        void close() throws KernelException {
            NetlinkHandle kept;
            synchronized (this) {
                kept = netlink;
                netlink = null;
            }
            try {
                if (kept != null) {
                    kept.close();
                }
            } finally {
                namespace.close();
            }
        }
    }
}
