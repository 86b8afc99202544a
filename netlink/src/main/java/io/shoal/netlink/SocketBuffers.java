package io.shoal.netlink;

import io.shoal.netlink.wire.MessageWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;

/**
 * The send writer and receive buffer of ended {@link RtnetlinkSocket} requests, kept for the requests begun next.
 *
 * <p>Why: both are direct buffers (68 KiB a pair), and a direct buffer's native memory is freed only when the
 * collector finds its {@code ByteBuffer} unreachable. A daemon opens and closes sockets for many operations (per
 * container start, connect, removal) and keeps one open per sandbox; a pair per open socket cost 6.8 MiB with 100
 * sandboxes, and with a small young generation the pairs of closed sockets were promoted and waited for the next
 * full collection, megabytes of malloc'd memory resident for nothing (docs/performance.md, session 13). A socket
 * holds a pair only from a request's begin to its end, so the native memory follows the requests in flight at once,
 * plus at most {@link #capacity()} kept pairs.
 *
 * <p>Thread-safe: sockets are opened and closed on many threads.
 */
final class SocketBuffers {
    /** Pairs kept by the daemon's pool: requests in flight at once in a burst of parallel starts are rarely more. */
    static final int DEFAULT_CAPACITY = 8;

    /** The pool every {@link RtnetlinkSocket} takes from and gives back to. */
    static final SocketBuffers SHARED = new SocketBuffers(DEFAULT_CAPACITY);

    /*
     * The kernel sizes dump datagrams by the largest buffer passed to recvmsg, capped at 32 KiB (af_netlink.c,
     * netlink_recvmsg), so a 64 KiB buffer holds any datagram of a dump or a single reply.
     */
    static final int RECEIVE_BUFFER_SIZE = 64 * 1024;

    private static final int WRITER_INITIAL_CAPACITY = 4096;

    private final int capacity;
    private final ArrayDeque<Pair> kept = new ArrayDeque<>();

    /** One socket's writer and receive buffer (native byte order, {@value #RECEIVE_BUFFER_SIZE} bytes). */
    record Pair(MessageWriter writer, ByteBuffer receive) {}

    /**
     * @param capacity how many returned pairs are kept at most (0 keeps none)
     * @throws IllegalArgumentException when {@code capacity} is negative
     */
    SocketBuffers(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("socket buffer pool capacity " + capacity + ": must be >= 0");
        }
        this.capacity = capacity;
    }

    /** A kept pair (its receive buffer cleared), or a new one when none is kept. */
    Pair take() {
        Pair pair;
        synchronized (kept) {
            pair = kept.pollFirst();
        }
        if (pair == null) {
            return new Pair(
                    new MessageWriter(WRITER_INITIAL_CAPACITY),
                    ByteBuffer.allocateDirect(RECEIVE_BUFFER_SIZE).order(ByteOrder.nativeOrder()));
        }
        pair.receive().clear();
        return pair;
    }

    /** Keeps {@code pair} for a later {@link #take} unless {@link #capacity()} pairs are kept already. */
    void give(Pair pair) {
        synchronized (kept) {
            if (kept.size() < capacity) {
                kept.addFirst(pair);
            }
        }
    }

    /** How many pairs this pool keeps at most. */
    int capacity() {
        return capacity;
    }

    /** How many pairs are kept now. */
    int kept() {
        synchronized (kept) {
            return kept.size();
        }
    }
}
