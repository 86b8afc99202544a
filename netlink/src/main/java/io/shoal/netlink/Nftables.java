package io.shoal.netlink;

import io.shoal.netlink.internal.ffi.NftablesCalls;
import java.util.Objects;

/**
 * nftables for one network namespace, through libnftables: scripts in nft's own language (nft(8)), each committed
 * as one transaction, so a script applies whole or not at all. Thread-safe; calls are serialised, as libnftables
 * contexts are not thread-safe.
 */
public final class Nftables implements AutoCloseable {
    private final NetworkNamespace namespace;
    private final NftablesCalls context;
    private boolean closed;

    private Nftables(NetworkNamespace namespace, NftablesCalls context) {
        this.namespace = namespace;
        this.context = context;
    }

    /**
     * A context whose netlink socket lives in {@code namespace}.
     *
     * @throws UnsupportedByKernelException when libnftables cannot be loaded (install the libnftables1 package)
     */
    public static Nftables in(NetworkNamespace namespace) throws KernelException {
        Objects.requireNonNull(namespace, "namespace");
        NftablesCalls context;
        try {
            context = namespace.callInside(NftablesCalls::newContext);
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
        String error = namespace.callInside(() -> context.run(script));
        if (error != null) {
            throw new NftablesException(namespace.toString(), error);
        }
    }

    /** Runs a listing command such as {@code list table inet shoal} and returns what it printed. */
    public synchronized String list(String command) throws KernelException {
        requireOpen();
        return namespace.callInside(() -> {
            String error = context.run(command);
            if (error != null) {
                throw new NftablesException(namespace.toString(), error);
            }
            return context.output();
        });
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("nftables context for " + namespace + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            context.close();
        }
    }
}
