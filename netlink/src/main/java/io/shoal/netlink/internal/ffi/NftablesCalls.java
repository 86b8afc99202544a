package io.shoal.netlink.internal.ffi;

import java.nio.charset.StandardCharsets;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

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

    /**
     * The library's functions; public only because jnr-ffi generates an implementation of it. Only pointers and ints
     * cross: the conversions of a script to C text and of the library's buffers to strings run on the caller's thread
     * ({@link #script}, {@link Result#error}), since the context's thread may not load the classes they need (see {@link
     * #rehearse}).
     */
    public interface LibNftables {
        Pointer nft_ctx_new(int flags);

        void nft_ctx_free(Pointer ctx);

        int nft_ctx_buffer_output(Pointer ctx);

        int nft_ctx_buffer_error(Pointer ctx);

        Pointer nft_ctx_get_output_buffer(Pointer ctx);

        Pointer nft_ctx_get_error_buffer(Pointer ctx);

        int nft_run_cmd_from_buffer(Pointer ctx, Pointer buffer);
    }

    private static final class Holder {
        /** Debian's libnftables1 ships only the versioned name; the unversioned one comes with the -dev package. */
        static final LibNftables LIB =
                LibraryLoader.create(LibNftables.class).failImmediately().load("libnftables.so.1");

        static final Runtime RUNTIME = Runtime.getRuntime(LIB);
    }

    private static final Object REHEARSAL = new Object();

    /** Whether {@link #rehearse} ran; guarded by REHEARSAL. */
    private static boolean rehearsed;

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
     * Calls every function of the library once on a throwaway context made on the calling thread, so that every class
     * jnr-ffi's generated calls need is loaded before a thread empties its descriptor table: such a thread cannot read
     * a class from a jar or from the JDK's image any more (the class loaders' descriptors are not in its table), and a
     * class first needed there made the JVM read garbage and die of SIGSEGV without an error report (the pointer class
     * of nft_ctx_new's result, first returned in a JVM whose first nftables work was a container's DNS detach). Runs
     * once per JVM; the context is freed again and runs no command, so its socket number does not matter (only a
     * command waits with select(2)).
     *
     * @throws IllegalStateException nft_ctx_new failed
     * @throws UnsatisfiedLinkError when libnftables is not installed
     */
    public static void rehearse() {
        synchronized (REHEARSAL) {
            if (rehearsed) {
                return;
            }
            NftablesCalls context = newContext();
            try {
                // nft_run_cmd_from_buffer is not called (a command would wait with select(2)): its shape, pointers in
                // and an int out, is nft_ctx_buffer_output's, which newContext calls. The buffers' getters and the
                // result are run's others.
                new Result(0, Holder.LIB.nft_ctx_get_error_buffer(context.context)).output();
                new Result(0, Holder.LIB.nft_ctx_get_output_buffer(context.context)).output();
            } finally {
                context.close();
            }
            rehearsed = true;
        }
    }

    /**
     * A new context, in the calling thread's namespace and descriptor table, with buffered output and errors so messages
     * come back as text rather than on stdout.
     *
     * @throws IllegalStateException nft_ctx_new failed
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
     * {@code script} as the NUL-terminated UTF-8 text {@link #run} takes, in native memory freed once the returned
     * object is unreachable: keep it reachable until the command ran. Made on the caller's thread.
     */
    public static Script script(String script) {
        byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
        Pointer memory = Memory.allocateDirect(Holder.RUNTIME, bytes.length + 1);
        memory.put(0, bytes, 0, bytes.length);
        memory.putByte(bytes.length, (byte) 0);
        return new Script(memory);
    }

    /**
     * Runs a script; {@code wantOutput} keeps what it printed (a listing). Only native calls and a {@link Result}: the
     * text is read from the result by the caller ({@link Result#error}, {@link Result#output}).
     */
    public Result run(Script script, boolean wantOutput) {
        int status = Holder.LIB.nft_run_cmd_from_buffer(context, script.text);
        if (status != 0) {
            return new Result(status, Holder.LIB.nft_ctx_get_error_buffer(context));
        }
        return new Result(0, wantOutput ? Holder.LIB.nft_ctx_get_output_buffer(context) : null);
    }

    @Override
    public void close() {
        Holder.LIB.nft_ctx_free(context);
    }

    /** A script in native memory ({@link #script}). */
    public static final class Script {
        private final Pointer text;

        private Script(Pointer text) {
            this.text = text;
        }
    }

    /**
     * What one command left: its status and the context's error or output buffer, still native. Read it before the
     * context runs another command or is freed (the buffers are the context's).
     */
    public static final class Result {
        private final int status;
        private final Pointer buffer;

        private Result(int status, Pointer buffer) {
            this.status = status;
            this.buffer = buffer;
        }

        /** Null when the command applied; else libnftables' message (naming the line and command, as nft prints). */
        public String error() {
            if (status == 0) {
                return null;
            }
            String text = text(buffer).strip();
            return text.isEmpty() ? "nft_run_cmd_from_buffer returned " + status : text;
        }

        /** What the command printed when its output was wanted, else "". */
        public String output() {
            return status == 0 ? text(buffer) : "";
        }

        private static String text(Pointer buffer) {
            return buffer == null ? "" : buffer.getString(0, Integer.MAX_VALUE, StandardCharsets.UTF_8);
        }
    }
}
