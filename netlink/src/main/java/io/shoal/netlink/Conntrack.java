package io.shoal.netlink;

import io.shoal.netlink.internal.ffi.SocketCalls;
import io.shoal.netlink.wire.Ctnetlink;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import jnr.constants.platform.Errno;

/**
 * The connection tracking table of one network namespace, over a NETLINK_NETFILTER socket speaking ctnetlink (the
 * interface conntrack(8) uses): list flows and delete those that a change made wrong, such as UDP flows still sent
 * to a container that is gone.
 *
 * <p>Only flows of transport protocols with ports ({@link ConntrackFlow.Protocol}) are listed; ICMP and other
 * entries are skipped. Selective deletes read the family's table (one dump) and delete each matching entry by its
 * original tuple and id, and an entry that expired or was deleted in between is not an error (ENOENT). The id
 * usually spares a newer entry that took the tuple over in between; not always, since the kernel derives it from the
 * entry's memory address and tuple (nf_ct_get_id), which a new entry may reuse.
 *
 * <p>Errors: {@link KernelException} subclasses naming the ctnetlink request ({@code IPCTNL_MSG_CT_GET},
 * {@code IPCTNL_MSG_CT_DELETE}) and the object (the table, or the flow). Thread-safe: calls are serialised; the socket
 * stays in its namespace whichever thread uses it.
 */
public final class Conntrack implements AutoCloseable {
    private static final String DUMP = "IPCTNL_MSG_CT_GET";
    private static final String DELETE = "IPCTNL_MSG_CT_DELETE";
    private static final String STATS = "IPCTNL_MSG_CT_GET_STATS";

    private final RtnetlinkSocket socket;
    private final String table;

    private Conntrack(RtnetlinkSocket socket, String table) {
        this.socket = socket;
        this.table = table;
    }

    /**
     * The conntrack table of {@code namespace}: the socket is opened inside it and probed with one statistics request.
     * The namespace may be closed afterwards; this keeps it alive until closed.
     *
     * @throws UnsupportedByKernelException the kernel has no nfnetlink (CONFIG_NETFILTER_NETLINK) or no ctnetlink
     *     (the nf_conntrack_netlink module is not loaded: {@code modprobe nf_conntrack_netlink})
     */
    public static Conntrack in(NetworkNamespace namespace) throws KernelException {
        Objects.requireNonNull(namespace, "namespace");
        String table = "conntrack table of " + namespace;
        RtnetlinkSocket socket;
        try {
            socket = namespace.callInside(() -> RtnetlinkSocket.open(SocketCalls.NETLINK_NETFILTER));
        } catch (UnsupportedByKernelException e) {
            throw new UnsupportedByKernelException(
                    e.operation(), "NETLINK_NETFILTER for the " + table + " (kernel without nfnetlink)", e.errno(), "");
        }
        Conntrack conntrack = new Conntrack(socket, table);
        try {
            conntrack.count();
        } catch (KernelException e) {
            conntrack.closeAfter(e);
            throw e;
        }
        return conntrack;
    }

    /**
     * The number of entries in the table, of every protocol and family (conntrack -C).
     *
     * @throws UnsupportedByKernelException ctnetlink is missing (nfnetlink answers EINVAL for a subsystem it does not
     *     know, nfnetlink.c)
     */
    public synchronized long count() throws KernelException {
        ConntrackMessages.writeStats(socket.begin(Ctnetlink.type(Ctnetlink.IPCTNL_MSG_CT_GET_STATS), 0));
        try {
            return socket.get(STATS, table, ConntrackMessages::decodeCount);
        } catch (InvalidRequestException e) {
            throw new UnsupportedByKernelException(
                    STATS,
                    table + ": no ctnetlink in this kernel (modprobe nf_conntrack_netlink)",
                    e.errno(),
                    e.extendedAck().orElse(""));
        }
    }

    /** Every flow of {@code family} (ANY: both) with a transport protocol that has ports (conntrack -L). */
    public synchronized List<ConntrackFlow> list(IpFamily family) throws KernelException {
        Objects.requireNonNull(family, "family");
        ConntrackMessages.writeDump(socket.begin(Ctnetlink.type(Ctnetlink.IPCTNL_MSG_CT_GET), 0), family);
        return socket.dump(DUMP, table + " (" + family + ")", ConntrackMessages::decode).stream()
                .flatMap(Optional::stream)
                .toList();
    }

    /** The flows of {@code family} and {@code protocol} (conntrack -L -f FAMILY -p PROTOCOL). */
    public List<ConntrackFlow> list(IpFamily family, ConntrackFlow.Protocol protocol) throws KernelException {
        Objects.requireNonNull(protocol, "protocol");
        return list(family).stream().filter(f -> f.protocol() == protocol).toList();
    }

    /**
     * Deletes {@code flow}: the entry with its original tuple and zone, if its id still matches. Returns false when
     * it is gone already (ENOENT): it expired, was deleted, or its tuple belongs to a newer entry with another id,
     * which races make normal.
     */
    public synchronized boolean delete(ConntrackFlow flow) throws KernelException {
        Objects.requireNonNull(flow, "flow");
        ConntrackMessages.writeDelete(socket.begin(Ctnetlink.type(Ctnetlink.IPCTNL_MSG_CT_DELETE), 0), flow);
        try {
            socket.execute(DELETE, "flow " + flow + " in the " + table);
            return true;
        } catch (NoSuchObjectException e) {
            if (e.errno() == Errno.ENOENT.intValue()) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Deletes every flow of {@code family} (of any protocol with ports) that {@code which} accepts, after one dump of
     * the table; returns how many were deleted. Flows that vanish in between are not counted and not an error.
     */
    public synchronized int deleteIf(IpFamily family, Predicate<ConntrackFlow> which) throws KernelException {
        Objects.requireNonNull(which, "which");
        int deleted = 0;
        for (ConntrackFlow flow : list(family)) {
            if (which.test(flow) && delete(flow)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Deletes every flow of {@code family} and {@code protocol} that {@code which} accepts; returns how many. */
    public int deleteIf(IpFamily family, ConntrackFlow.Protocol protocol, Predicate<ConntrackFlow> which)
            throws KernelException {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(which, "which");
        return deleteIf(family, f -> f.protocol() == protocol && which.test(f));
    }

    /**
     * Deletes the {@code protocol} flows whose reply comes from {@code address} (and {@code port}, when given): for a
     * published port, the flows DNAT sent to that container address; for an address without NAT, the flows to it.
     * Returns how many were deleted (conntrack -D -p PROTO --reply-src ADDRESS [--reply-port-src PORT]).
     */
    public int deleteByReplySource(ConntrackFlow.Protocol protocol, InetAddress address, OptionalInt port)
            throws KernelException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(port, "port");
        port.ifPresent(Conntrack::checkPort);
        return deleteIf(
                familyOf(address),
                protocol,
                f -> f.reply().source().equals(address)
                        && (port.isEmpty() || f.reply().sourcePort() == port.getAsInt()));
    }

    /**
     * Deletes the {@code protocol} flows of {@code family} whose first packet went to {@code port}, and to
     * {@code address} when given (a published host port: where clients sent it). Returns how many were deleted
     * (conntrack -D -p PROTO [--orig-dst ADDRESS] --orig-port-dst PORT).
     */
    public int deleteByOriginalDestination(
            IpFamily family, ConntrackFlow.Protocol protocol, Optional<InetAddress> address, int port)
            throws KernelException {
        Objects.requireNonNull(address, "address");
        checkPort(port);
        IpFamily scope = address.map(Conntrack::familyOf).orElse(family);
        return deleteIf(
                scope,
                protocol,
                f -> f.original().destinationPort() == port
                        && address.map(a -> a.equals(f.original().destination()))
                                .orElse(true));
    }

    /** Closes the socket. Idempotent. */
    @Override
    public synchronized void close() throws KernelException {
        socket.close();
    }

    private static IpFamily familyOf(InetAddress address) {
        return address.getAddress().length == 4 ? IpFamily.IPV4 : IpFamily.IPV6;
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 0xffff) {
            throw new IllegalArgumentException("port outside 1..65535: " + port);
        }
    }

    private void closeAfter(KernelException failure) {
        try {
            socket.close();
        } catch (KernelException e) {
            failure.addSuppressed(e);
        }
    }
}
