package io.shoal.netlink.internal.ffi;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * libnftables (libnftables(3)), the library behind the {@code nft} command: it parses nft's language and commits a
 * script as one netlink transaction. Calling it in-process saves the ~4 ms of starting {@code nft} for every change.
 *
 * <p>A context opens its netlink socket when it is made (nft_ctx_new; libnftables 1.0.6 also reads a few files of
 * /etc/iproute2 then, closing them again), in the calling thread's network namespace, and that socket stays there;
 * so a context belongs to one namespace. Every command then waits for the kernel's answers with select(2) on that
 * socket, and select cannot take a descriptor of FD_SETSIZE (1024) or more: glibc's fortified FD_SET aborts the whole
 * process ("bit out of range 0 - FD_SETSIZE on fd_set", select(2) BUGS). So a context must be made where its socket
 * gets a low number, and used where that number means that socket: the caller ({@code io.shoal.netlink.Nftables})
 * makes and uses each context on a thread with a descriptor table of its own. Contexts are not thread-safe either.
 */
public final class NftablesCalls implements AutoCloseable {
    /** {@code NFT_CTX_DEFAULT}. */
    private static final int NFT_CTX_DEFAULT = 0;

    /** The library's functions; public only because jnr-ffi generates an implementation of it. */
    public interface LibNftables {
        Pointer nft_ctx_new(int flags);

        void nft_ctx_free(Pointer ctx);

        int nft_ctx_buffer_output(Pointer ctx);

        int nft_ctx_buffer_error(Pointer ctx);

        String nft_ctx_get_output_buffer(Pointer ctx);

        String nft_ctx_get_error_buffer(Pointer ctx);

        int nft_run_cmd_from_buffer(Pointer ctx, String buffer);
    }

    private static final class Holder {
        /** Debian's libnftables1 ships only the versioned name; the unversioned one comes with the -dev package. */
        static final LibNftables LIB =
                LibraryLoader.create(LibNftables.class).failImmediately().load("libnftables.so.1");
    }

    private final Pointer context;

    private NftablesCalls(Pointer context) {
        this.context = context;
    }

    /**
     * Loads the library now, so that a thread which must not open files afterwards (no jar to read classes from) finds
     * it ready.
     *
     * @throws UnsatisfiedLinkError when libnftables is not installed
     */
    public static void load() {
        if (Holder.LIB == null) {
            throw new IllegalStateException("libnftables not loaded");
        }
    }

    /**
     * A new context, in the calling thread's namespace and descriptor table, with buffered output and errors so messages come back as
     * strings rather than on stdout.
     *
     * @throws UnsatisfiedLinkError when libnftables is not installed
     */
    public static NftablesCalls newContext() {
        Pointer ctx = Holder.LIB.nft_ctx_new(NFT_CTX_DEFAULT);
        if (ctx == null) {
            throw new IllegalStateException("nft_ctx_new failed");
        }
        Holder.LIB.nft_ctx_buffer_output(ctx);
        Holder.LIB.nft_ctx_buffer_error(ctx);
        return new NftablesCalls(ctx);
    }

    /**
     * Runs a script; returns null on success, or the library's error text (which names the line and the failing
     * command, as nft prints it).
     */
    public String run(String script) {
        int status = Holder.LIB.nft_run_cmd_from_buffer(context, script);
        if (status == 0) {
            return null;
        }
        String error = Holder.LIB.nft_ctx_get_error_buffer(context);
        return error == null || error.isBlank() ? "nft_run_cmd_from_buffer returned " + status : error.strip();
    }

    /** The output of the last command that printed something (e.g. a list). */
    public String output() {
        String out = Holder.LIB.nft_ctx_get_output_buffer(context);
        return out == null ? "" : out;
    }

    @Override
    public void close() {
        Holder.LIB.nft_ctx_free(context);
    }
}
