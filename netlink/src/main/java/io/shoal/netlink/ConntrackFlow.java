package io.shoal.netlink;

import io.shoal.net.IpAddresses;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One entry of the kernel's connection tracking table (conntrack(8) shows it as a line), for a transport protocol
 * with ports.
 *
 * <p>The original tuple is the flow as its first packet arrived; the reply tuple is what answers must look like after
 * NAT. For a connection to a published port, {@code original} is {@code client -> host:hostPort} and {@code reply}
 * is {@code container:containerPort -> client} (or the masquerading address): the reply's source is the DNAT target.
 *
 * @param protocol the transport protocol
 * @param original the original direction, as the first packet was seen
 * @param reply the reply direction, with NAT applied
 * @param zone the conntrack zone (0 unless a rule set one)
 * @param id the kernel's id of the entry ({@code CTA_ID}); a delete naming it spares a newer entry with the same tuple unless that one reuses the old one's memory
 * @param timeoutSeconds seconds until the entry expires unless traffic refreshes it
 */
public record ConntrackFlow(Protocol protocol, Tuple original, Tuple reply, int zone, long id, long timeoutSeconds) {
    /** The transport protocols whose flows have ports, with their IP protocol numbers (IANA). */
    public enum Protocol {
        TCP(6),
        UDP(17),
        DCCP(33),
        SCTP(132),
        UDPLITE(136);

        private final int number;

        Protocol(int number) {
            this.number = number;
        }

        /** The IP protocol number ({@code CTA_PROTO_NUM}). */
        public int number() {
            return number;
        }

        /** The protocol with this number, or null when it has no ports (ICMP, GRE, ...). */
        static Protocol ofNumber(int number) {
            for (Protocol p : values()) {
                if (p.number == number) {
                    return p;
                }
            }
            return null;
        }
    }

    /**
     * One direction of a flow: source and destination address and port (1..65535, or 0 where the protocol allows it).
     * Both addresses are of the same family.
     */
    public record Tuple(InetAddress source, int sourcePort, InetAddress destination, int destinationPort) {
        public Tuple {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
            if (source.getClass() != destination.getClass()) {
                throw new IllegalArgumentException("tuple mixes address families: " + source + " -> " + destination);
            }
            checkPort(sourcePort);
            checkPort(destinationPort);
        }

        @Override
        public String toString() {
            return endpoint(source, sourcePort) + " -> " + endpoint(destination, destinationPort);
        }

        private static String endpoint(InetAddress address, int port) {
            String text = IpAddresses.format(address);
            return (address.getAddress().length == 16 ? "[" + text + "]" : text) + ":" + port;
        }

        private static void checkPort(int port) {
            if (port < 0 || port > 0xffff) {
                throw new IllegalArgumentException("port outside 0..65535: " + port);
            }
        }
    }

    public ConntrackFlow {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(reply, "reply");
        if (original.source().getClass() != reply.source().getClass()) {
            throw new IllegalArgumentException("original and reply tuples of different families");
        }
        if (zone < 0 || zone > 0xffff) {
            throw new IllegalArgumentException("conntrack zone outside 0..65535: " + zone);
        }
    }

    /** The address family of the flow. */
    public IpFamily family() {
        return original.source().getAddress().length == 4 ? IpFamily.IPV4 : IpFamily.IPV6;
    }

    /** Whether {@code address} took part in the flow: as the original source or the answering (reply) source. */
    public boolean involves(InetAddress address) {
        return original.source().equals(address) || reply.source().equals(address);
    }

    @Override
    public String toString() {
        return protocol.name().toLowerCase(java.util.Locale.ROOT) + " " + original + " reply " + reply
                + (zone != 0 ? " zone " + zone : "") + " id " + id;
    }
}
