package io.shoal.netlink;

import static io.shoal.netlink.internal.ffi.NamespaceCalls.CLONE_NEWNET;

import io.shoal.netlink.internal.ffi.NamespaceCalls;
import io.shoal.netlink.internal.ffi.NftablesCalls;
import java.lang.ref.Reference;
import java.util.function.BooleanSupplier;

/**
 * The platform thread that owns one libnftables context: it enters the namespace, empties a descriptor table of its
 * own, makes the context there, runs the commands handed to it one at a time, and frees the context and ends on
 * {@link #close}.
 *
 * <p>Why: libnftables waits on its netlink socket with select(2), which cannot take a descriptor of 1024 or more
 * (glibc aborts the process, select(2) BUGS), and shoald holds well over 1024 descriptors with a hundred containers.
 * A thread whose table is its own and empty (close_range(2) CLOSE_RANGE_UNSHARE) gives the context's socket the
 * lowest free number of that table, a single digit, whatever the process holds; and no other thread can take that
 * number meanwhile, as none shares the table. The alternatives: closing a few low numbers in a private copy of the
 * table, or a pool of low descriptors reserved at start-up, keep copies of the process's files open for the
 * context's life (a long-lived context would then hold every socket, FIFO and namespace that was open when it was
 * made, keeping them alive after shoald closed them); running the {@code nft} command costs ~4 ms per change.
 *
 * <p>What that costs: the socket is visible on this thread only, so the context is made, used and freed here alone;
 * and after the table is emptied this thread opens no file and does no Java I/O (no logging either): a descriptor
 * number the rest of the process holds means nothing here. It runs only the native calls and hands their results,
 * plain strings, back to the caller, which builds any exception. The classes it needs are loaded before the table is
 * emptied (the jars they come from cannot be read from here afterwards). One thread start per context (~150 us here)
 * is the price, against the ~1 ms of making a context and applying a script.
 */
final class NftablesThread {
    /** What one command left: libnftables' error text (null when it succeeded) and what it printed. */
    record Outcome(String error, String output) {}

    private final Object lock = new Object();
    // All guarded by lock.
    private boolean ready;
    private Throwable startFailure;
    private NftablesCalls.Script pendingCommand;
    private boolean pendingOutput;
    private boolean closing;
    private boolean finished;
    private NftablesCalls.Result outcome;
    private Throwable commandFailure;

    private NftablesThread() {}

    /**
     * Starts the thread and waits until its context exists.
     *
     * @throws KernelException the thread could not enter {@code namespace} or get a table of its own (kernel older
     *     than 5.9), or nft_ctx_new failed
     */
    static NftablesThread start(NetworkNamespace namespace) throws KernelException {
        String object = namespace.toString();
        try {
            NftablesCalls.rehearse(); // every class the thread needs, loaded here (once per JVM)
        } catch (IllegalStateException e) {
            throw (KernelException) KernelException.of("nft_ctx_new", "the calling thread's namespace", 0, e.toString())
                    .initCause(e);
        }
        NftablesThread owner = new NftablesThread();
        int namespaceFd = namespace.fd();
        Thread thread = new Thread(() -> owner.serve(namespaceFd, object), "shoal-nft " + object);
        thread.setDaemon(true);
        thread.start();
        owner.awaitStart(object);
        return owner;
    }

    /**
     * Runs one command (a script, or a listing when {@code wantOutput}) on the context.
     *
     * @throws IllegalStateException after {@link #close}
     */
    Outcome run(String command, boolean wantOutput) {
        NftablesCalls.Script script = NftablesCalls.script(command);
        try {
            synchronized (lock) {
                if (closing) {
                    throw new IllegalStateException("nftables context is closed");
                }
                pendingCommand = script;
                pendingOutput = wantOutput;
                outcome = null;
                commandFailure = null;
                lock.notifyAll();
                awaitHoldingLock(() -> outcome != null || commandFailure != null);
                if (commandFailure != null) {
                    throw new IllegalStateException("libnftables failed", commandFailure);
                }
                // The buffers are the context's: read them now, before it runs another command or is freed (the
                // caller, Nftables, lets one command at a time in).
                return new Outcome(outcome.error(), outcome.output());
            }
        } finally {
            // The native text is freed with its object: not before the command ran.
            Reference.reachabilityFence(script);
        }
    }

    /** Frees the context and lets the thread end; waits for the free. Idempotent. */
    void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
            awaitHoldingLock(() -> finished);
        }
    }

    /**
     * Waits on {@code lock}, which the caller holds, until {@code done} is true. An interrupt does not cut the wait
     * short (the nftables thread answers every command, and ends only on close), but is kept for the caller to see.
     */
    private void awaitHoldingLock(BooleanSupplier done) {
        boolean interrupted = false;
        while (!done.getAsBoolean()) {
            try {
                lock.wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitStart(String object) throws KernelException {
        Throwable failure;
        synchronized (lock) {
            awaitHoldingLock(() -> ready || startFailure != null);
            failure = startFailure;
        }
        if (failure instanceof KernelException kernel) {
            throw kernel;
        }
        if (failure != null) {
            throw (KernelException) KernelException.of("nft_ctx_new", object, 0, failure.toString())
                    .initCause(failure);
        }
    }

    /** The thread's whole life; after the table is emptied, only native calls and this object's monitor. */
    @SuppressWarnings("CatchingUnchecked")
    private void serve(int namespaceFd, String object) {
        NftablesCalls context;
        try {
            // A class first touched after the table is emptied cannot be read from its jar or the JDK's image (the
            // loaders' descriptors are not in the new table): the JVM reads garbage and dies of SIGSEGV, without an
            // error report. start() rehearsed the native calls; load the library here too.
            preload();
            NamespaceCalls.setns(namespaceFd, CLONE_NEWNET, object);
            NamespaceCalls.unshareEmptyDescriptorTable();
            context = NftablesCalls.newContext();
        } catch (Exception | Error e) {
            synchronized (lock) {
                startFailure = e;
                finished = true;
                lock.notifyAll();
            }
            return;
        }
        synchronized (lock) {
            ready = true;
            lock.notifyAll();
        }
        serveCommands(context);
    }

    /** Loads the library; {@link #start} already loaded every class the native calls need ({@link NftablesCalls#rehearse}). */
    private static void preload() {
        NftablesCalls.load();
    }

    /**
     * Runs the commands handed over until closed. Nothing here may load a class: only the rehearsed native calls
     * (pointers and ints, no conversions), this object's monitor and {@link NftablesCalls.Result}; the caller turns
     * the buffers into text and builds any message.
     */
    @SuppressWarnings("CatchingUnchecked")
    private void serveCommands(NftablesCalls context) {
        while (true) {
            NftablesCalls.Script command;
            boolean wantOutput;
            synchronized (lock) {
                while (pendingCommand == null && !closing) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // Nobody interrupts this thread on purpose; it ends on close only.
                    }
                }
                if (pendingCommand == null) {
                    context.close();
                    finished = true;
                    lock.notifyAll();
                    return;
                }
                command = pendingCommand;
                wantOutput = pendingOutput;
                pendingCommand = null;
            }
            NftablesCalls.Result result = null;
            Throwable failure = null;
            try {
                result = context.run(command, wantOutput);
            } catch (Exception | Error e) {
                failure = e;
            }
            synchronized (lock) {
                outcome = result;
                commandFailure = failure;
                lock.notifyAll();
            }
        }
    }
}
