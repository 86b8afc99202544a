package io.shoal.netlink;

import io.shoal.netlink.internal.ffi.SocketCalls;
import io.shoal.netlink.wire.MessageWriter;
import io.shoal.netlink.wire.Netlink;
import io.shoal.netlink.wire.NetlinkError;
import io.shoal.netlink.wire.NetlinkMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import jnr.constants.platform.Errno;

/**
 * A NETLINK_ROUTE socket (or, for {@link Conntrack}, NETLINK_NETFILTER) that sends one request at a time and waits for its answer: an ACK, a single reply, or a
 * multipart dump. Replies are matched to the request by sequence number; a kernel error becomes a
 * {@link KernelException} carrying the extended-ACK text (the socket enables NETLINK_EXT_ACK and NETLINK_CAP_ACK).
 *
 * <p>The socket belongs to the network namespace that was current on the thread that opened it, and stays there
 * whichever thread uses it later. It holds a send and a receive buffer only from {@link #begin} to the end of that
 * request, so it is not thread-safe: callers serialize ({@link NetlinkHandle} does). An open socket between requests
 * holds no buffers (a daemon keeps one open per sandbox: see {@link SocketBuffers}).
 *
 * <p>Usage: {@link #begin} a message, write its family header and attributes into the returned writer, then call
 * {@link #execute}, {@link #get} or {@link #dump}, which set the request flags themselves.
 */
public final class RtnetlinkSocket implements AutoCloseable {
    /** Dumps interrupted by concurrent changes (NLM_F_DUMP_INTR) are retried this many times before failing. */
    static final int DUMP_ATTEMPTS = 10;

    private static final int FLAGS_OFFSET = 6;
    private static final int SEQUENCE_OFFSET = 8;

    private final int fd;
    private final int portId;
    // Taken from the shared pool by begin and given back when that request ends (null between requests): see
    // SocketBuffers for why.
    private SocketBuffers.Pair buffers;
    private int sequence;
    private boolean closed;

    private RtnetlinkSocket(int fd, int portId) {
        this.fd = fd;
        this.portId = portId;
        this.sequence = (int) (System.nanoTime() & 0x7fffffff);
    }

    /** Opens a socket in the calling thread's current network namespace. */
    public static RtnetlinkSocket open() throws KernelException {
        return open(SocketCalls.NETLINK_ROUTE);
    }

    /**
     * Opens a socket of another netlink protocol (e.g. {@link SocketCalls#NETLINK_NETFILTER}) in the calling thread's
     * namespace; the envelope, ACKs and dumps work the same for every netlink family.
     */
    static RtnetlinkSocket open(int protocol) throws KernelException {
        int fd = SocketCalls.openNetlinkSocket(protocol);
        try {
            SocketCalls.setIntOption(fd, SocketCalls.SOL_NETLINK, SocketCalls.NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
            SocketCalls.setIntOption(fd, SocketCalls.SOL_NETLINK, SocketCalls.NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK");
            SocketCalls.bind(fd, 0, 0);
            return new RtnetlinkSocket(fd, SocketCalls.portId(fd));
        } catch (KernelException e) {
            closeAfterFailure(fd, e);
            throw e;
        }
    }

    /**
     * Starts a request of {@code type} with the modifier flags {@code modifiers} (e.g. NLM_F_CREATE | NLM_F_EXCL) and
     * a fresh sequence number. Write the family header and attributes into the returned writer.
     */
    public MessageWriter begin(int type, int modifiers) {
        requireOpen();
        if (buffers == null) { // else a begun request was abandoned before it was sent: its pair serves this one
            buffers = SocketBuffers.SHARED.take();
        }
        sequence = (sequence + 1) & 0x7fffffff;
        return buffers.writer().begin(type, modifiers, sequence);
    }

    /** Sends the begun request with NLM_F_ACK and waits for the kernel's ACK; a NACK throws. */
    public void execute(String operation, String object) throws KernelException {
        try {
            send(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
            receiveUntilAck(operation, object);
        } finally {
            releaseBuffers();
        }
    }

    /** Sends the begun request as a plain GET and decodes the single reply. */
    public <T> T get(String operation, String object, Function<NetlinkMessage, T> decoder) throws KernelException {
        try {
            return receiveReply(operation, object, decoder);
        } finally {
            releaseBuffers();
        }
    }

    private <T> T receiveReply(String operation, String object, Function<NetlinkMessage, T> decoder)
            throws KernelException {
        send(Netlink.NLM_F_REQUEST);
        while (true) {
            for (NetlinkMessage message : receive(operation, object)) {
                if (isNotOurs(message) || message.type() == Netlink.NLMSG_NOOP) {
                    continue;
                }
                if (message.type() == Netlink.NLMSG_ERROR) {
                    throwIfError(operation, object, NetlinkError.parse(message));
                    throw kernelProtocolError(operation, object, "ACK instead of a reply");
                }
                return decoder.apply(message);
            }
        }
    }

    /**
     * Sends the begun request with NLM_F_DUMP and decodes every reply message until NLMSG_DONE. A dump the kernel
     * marks NLM_F_DUMP_INTR (the table changed while it was read) is repeated, up to {@value #DUMP_ATTEMPTS} times.
     */
    public <T> List<T> dump(String operation, String object, Function<NetlinkMessage, T> decoder)
            throws KernelException {
        try {
            return receiveDumpAttempts(operation, object, decoder);
        } finally {
            releaseBuffers();
        }
    }

    private <T> List<T> receiveDumpAttempts(String operation, String object, Function<NetlinkMessage, T> decoder)
            throws KernelException {
        for (int attempt = 1; ; attempt++) {
            send(Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP);
            List<T> results = new ArrayList<>();
            boolean interrupted = receiveDump(operation, object, decoder, results);
            if (!interrupted) {
                return results;
            }
            if (attempt == DUMP_ATTEMPTS) {
                throw KernelException.of(
                        operation,
                        object,
                        Errno.EAGAIN.intValue(),
                        "dump interrupted by concurrent changes " + DUMP_ATTEMPTS + " times");
            }
            resequence();
        }
    }

    /**
     * Closes the socket (giving back the buffers of a request begun and never sent); further use throws
     * IllegalStateException. Idempotent.
     */
    @Override
    public void close() throws KernelException {
        if (!closed) {
            closed = true;
            releaseBuffers();
            SocketCalls.close(fd);
        }
    }

    /**
     * The writer and receive buffer this socket holds from {@link SocketBuffers#SHARED}: those of the request begun
     * and not yet ended, or null.
     */
    SocketBuffers.Pair buffers() {
        return buffers;
    }

    private void releaseBuffers() {
        if (buffers != null) {
            SocketBuffers.SHARED.give(buffers);
            buffers = null;
        }
    }

    /** Reads one dump to its NLMSG_DONE; returns whether the kernel flagged it as interrupted. */
    private <T> boolean receiveDump(
            String operation, String object, Function<NetlinkMessage, T> decoder, List<T> results)
            throws KernelException {
        boolean interrupted = false;
        while (true) {
            for (NetlinkMessage message : receive(operation, object)) {
                if (isNotOurs(message) || message.type() == Netlink.NLMSG_NOOP) {
                    continue;
                }
                interrupted |= message.hasFlag(Netlink.NLM_F_DUMP_INTR);
                if (message.type() == Netlink.NLMSG_DONE) {
                    throwIfDumpFailed(operation, object, message);
                    return interrupted;
                }
                if (message.type() == Netlink.NLMSG_ERROR) {
                    throwIfError(operation, object, NetlinkError.parse(message));
                    throw kernelProtocolError(operation, object, "ACK in the middle of a dump");
                }
                results.add(decoder.apply(message));
            }
        }
    }

    /** Waits for the ACK or error answering the request; other messages with its sequence number are ignored. */
    private void receiveUntilAck(String operation, String object) throws KernelException {
        while (true) {
            for (NetlinkMessage message : receive(operation, object)) {
                if (isNotOurs(message) || message.type() == Netlink.NLMSG_NOOP) {
                    continue;
                }
                if (message.type() == Netlink.NLMSG_ERROR) {
                    throwIfError(operation, object, NetlinkError.parse(message));
                    return;
                }
            }
        }
    }

    private List<NetlinkMessage> receive(String operation, String object) throws KernelException {
        ByteBuffer receiveBuffer = requireBegun().receive();
        int length = SocketCalls.receive(fd, receiveBuffer);
        if (length > receiveBuffer.capacity()) {
            throw KernelException.of(
                    operation,
                    object,
                    Errno.EMSGSIZE.intValue(),
                    "reply of " + length + " bytes exceeds the " + receiveBuffer.capacity() + "-byte receive buffer");
        }
        return NetlinkMessage.parseAll(receiveBuffer);
    }

    /** Replies to an earlier request that was abandoned (its caller saw an exception) are skipped. */
    private boolean isNotOurs(NetlinkMessage message) {
        return message.sequence() != sequence || (message.portId() != portId && message.portId() != 0);
    }

    private static void throwIfError(String operation, String object, NetlinkError error) throws KernelException {
        if (!error.isAck()) {
            throw KernelException.of(operation, object, error.errno(), error.extendedAck());
        }
    }

    /** NLMSG_DONE carries an int: 0, or -errno when the dump failed part-way (netlink_dump_done). */
    private static void throwIfDumpFailed(String operation, String object, NetlinkMessage done) throws KernelException {
        ByteBuffer body = done.payload();
        if (body.remaining() >= Integer.BYTES && body.getInt(0) < 0) {
            throw KernelException.of(operation, object, -body.getInt(0), "");
        }
    }

    private static KernelException kernelProtocolError(String operation, String object, String what) {
        return KernelException.of(operation, object, Errno.EPROTO.intValue(), "unexpected " + what);
    }

    /** The pair of the request begun; the buffers belong to another socket's request once this one ended. */
    private SocketBuffers.Pair requireBegun() {
        requireOpen();
        if (buffers == null) {
            throw new IllegalStateException("no rtnetlink request begun on this socket");
        }
        return buffers;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("rtnetlink socket is closed");
        }
    }

    private static void closeAfterFailure(int fd, KernelException failure) {
        try {
            SocketCalls.close(fd);
        } catch (KernelException e) {
            failure.addSuppressed(e);
        }
    }

    private void send(int requestFlags) throws KernelException {
        ByteBuffer message = requireBegun().writer().finish();
        int flags = Short.toUnsignedInt(message.getShort(FLAGS_OFFSET)) | requestFlags;
        message.putShort(FLAGS_OFFSET, (short) flags);
        SocketCalls.send(fd, message);
    }

    private void resequence() {
        sequence = (sequence + 1) & 0x7fffffff;
        requireBegun().writer().finish().putInt(SEQUENCE_OFFSET, sequence);
    }
}
