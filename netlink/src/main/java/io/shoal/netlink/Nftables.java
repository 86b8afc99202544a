package io.shoal.netlink;

import java.util.Objects;

/**
 * nftables for one network namespace, through libnftables: scripts in nft's own language (nft(8)), each committed
 * as one transaction, so a script applies whole or not at all. Thread-safe; calls are serialised, as libnftables
 * contexts are not thread-safe.
 *
 * <p>Each instance has a thread of its own that makes, uses and frees the context in a private, empty descriptor
 * table ({@link NftablesThread}), so the context's netlink socket stays below select(2)'s FD_SETSIZE however many
 * descriptors the process holds. Close instances: each holds that thread until closed.
 */
public final class Nftables implements AutoCloseable {
    private final NetworkNamespace namespace;
    private final NftablesThread context;
    private boolean closed;

    private Nftables(NetworkNamespace namespace, NftablesThread context) {
        this.namespace = namespace;
        this.context = context;
    }

    /**
     * A context whose netlink socket lives in {@code namespace}.
     *
     * @throws UnsupportedByKernelException when libnftables cannot be loaded (install the libnftables1 package)
     * @throws KernelException the context's thread could not enter the namespace or get a descriptor table of its own
     *     (close_range(2) CLOSE_RANGE_UNSHARE, Linux 5.9), or libnftables could not make the context
     */
    public static Nftables in(NetworkNamespace namespace) throws KernelException {
        Objects.requireNonNull(namespace, "namespace");
        NftablesThread context;
        try {
            context = NftablesThread.start(namespace);
        } catch (UnsatisfiedLinkError e) {
            throw KernelException.of(
                    "nft_ctx_new", "libnftables.so.1 (install libnftables1): " + e.getMessage(), 95, null);
        }
        return new Nftables(namespace, context);
    }

    /**
     * Applies a script atomically.
     *
     * @throws NftablesException naming the namespace and carrying libnftables' own message (line, command, errno
     *     text) when the kernel or the parser refuses it; nothing of the script is then applied
     */
    public synchronized void apply(String script) throws KernelException {
        requireOpen();
        NftablesThread.Outcome outcome = context.run(script, false);
        if (outcome.error() != null) {
            throw new NftablesException(namespace.toString(), outcome.error());
        }
    }

    /** Runs a listing command such as {@code list table inet shoal} and returns what it printed. */
    public synchronized String list(String command) throws KernelException {
        requireOpen();
        NftablesThread.Outcome outcome = context.run(command, true);
        if (outcome.error() != null) {
            throw new NftablesException(namespace.toString(), outcome.error());
        }
        return outcome.output();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("nftables context for " + namespace + " is closed");
        }
    }

    /** Frees the context and ends its thread. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            context.close();
        }
    }
}
