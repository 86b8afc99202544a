package io.shoal.driver.bridge;

import io.shoal.driver.bridge.firewall.PublishedPort;
import io.shoal.netlink.ConntrackFlow;
import io.shoal.netlink.IpFamily;
import io.shoal.netlink.KernelException;
import io.shoal.spi.PortBinding;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Removes the host's conntrack entries that a change of published ports or the departure of an endpoint made wrong.
 *
 * <p>Netfilter decides NAT on a flow's first packet only; every later packet that matches the entry gets the same
 * translation until the entry expires, whatever the rules say by then (UDP entries stay while traffic keeps them
 * alive; an ESTABLISHED TCP entry lives 5 days without traffic, nf_conntrack_tcp_timeout_established). So a client
 * that keeps its source port keeps reaching a container that is gone, or the host's own closed port, after the port
 * changed hands. Docker's bridge driver flushes such entries too (since 2023). What is deleted, through ctnetlink:
 *
 * <ul>
 *   <li>a port no longer published: the flows it translated (its protocol, its host port and address, answered by
 *       its container address and port), so they follow the current rules from their next packet on;
 *   <li>a UDP port newly published: the UDP flows to its host port (and address) that are not answered by its new
 *       container: flows translated to a former owner, and flows that reached the host itself while nothing was
 *       published. TCP needs no such help: a new SYN on an entry in CLOSE or TIME_WAIT state makes conntrack start
 *       the entry afresh (nf_conntrack_proto_tcp.c), and the NAT rules are consulted again;
 *   <li>an endpoint that left: every flow its addresses took part in (as original source or as the answering side),
 *       TCP and UDP. Its veth is gone, so nothing will close them: the client's next TCP segment then finds no entry
 *       and gets a reset from whoever holds the address or port now, instead of retransmitting into the void.
 * </ul>
 *
 * <p>A failure to flush (no ctnetlink in the host kernel, say) is logged as a warning and does not fail the
 * operation: the port change or departure itself is done, and a retry would find nothing left to do but the flush.
 */
final class StaleFlows {
    /** The part of the host's conntrack table this needs: {@code Conntrack::deleteIf} in production. */
    @FunctionalInterface
    interface FlowTable {
        /** Deletes the flows of {@code family} that {@code which} accepts; returns how many. */
        int deleteIf(IpFamily family, Predicate<ConntrackFlow> which) throws KernelException;
    }

    private static final System.Logger LOG = System.getLogger(StaleFlows.class.getName());

    private final FlowTable table;

    StaleFlows(FlowTable table) {
        this.table = table;
    }

    /** A table that cannot be used, for a host whose kernel refused ctnetlink: each flush logs {@code why}. */
    static FlowTable unavailable(KernelException why) {
        return (family, which) -> {
            throw why;
        };
    }

    /**
     * To be called once the firewall holds the new rules of an endpoint whose published ports went from
     * {@code before} to {@code after}. Returns how many flows were deleted.
     */
    int portsChanged(String endpoint, List<PublishedPort> before, List<PublishedPort> after) {
        List<Predicate<ConntrackFlow>> stale = new ArrayList<>();
        Set<IpFamily> families = EnumSet.noneOf(IpFamily.class);
        for (PublishedPort port : before) {
            if (!after.contains(port)) {
                stale.add(f -> translatedBy(port, f));
                families.add(family(port.containerAddress()));
            }
        }
        for (PublishedPort port : after) {
            if (!before.contains(port) && port.protocol() == PortBinding.Protocol.UDP) {
                stale.add(f -> reachesButNotThrough(port, f));
                families.add(family(port.containerAddress()));
            }
        }
        return flush("published ports of endpoint " + endpoint, families, f -> stale.stream()
                .anyMatch(s -> s.test(f)));
    }

    /** To be called once an endpoint's veth is gone. Returns how many flows were deleted. */
    int endpointLeft(String endpoint, Collection<InetAddress> addresses) {
        Set<IpFamily> families = EnumSet.noneOf(IpFamily.class);
        addresses.forEach(a -> families.add(family(a)));
        return flush("endpoint " + endpoint, families, f -> addresses.stream().anyMatch(f::involves));
    }

    /** One dump and the deletes per family concerned; nothing at all when no family is. */
    private int flush(String whose, Set<IpFamily> families, Predicate<ConntrackFlow> stale) {
        int deleted = 0;
        for (IpFamily family : families) {
            try {
                deleted += table.deleteIf(family, stale);
            } catch (KernelException e) {
                LOG.log(
                        Level.WARNING,
                        "stale conntrack flows of " + whose + " were not removed; clients may keep reaching the old "
                                + "destination until the entries expire: " + e.getMessage());
                return deleted;
            }
        }
        return deleted;
    }

    /** Whether {@code port}'s DNAT rule translated {@code flow}. */
    private static boolean translatedBy(PublishedPort port, ConntrackFlow flow) {
        return sentTo(port, flow)
                && flow.reply().source().equals(port.containerAddress())
                && flow.reply().sourcePort() == port.containerPort();
    }

    /** Whether {@code flow} went to {@code port}'s host port but is not answered by its container. */
    private static boolean reachesButNotThrough(PublishedPort port, ConntrackFlow flow) {
        return sentTo(port, flow)
                && !(flow.reply().source().equals(port.containerAddress())
                        && flow.reply().sourcePort() == port.containerPort());
    }

    private static boolean sentTo(PublishedPort port, ConntrackFlow flow) {
        return flow.protocol() == protocol(port)
                && sameFamily(port.containerAddress(), flow.original().destination())
                && flow.original().destinationPort() == port.hostPort()
                && port.hostAddress()
                        .filter(host -> !host.isAnyLocalAddress())
                        .map(host -> host.equals(flow.original().destination()))
                        .orElse(true);
    }

    private static boolean sameFamily(InetAddress a, InetAddress b) {
        return family(a) == family(b);
    }

    private static IpFamily family(InetAddress address) {
        return address instanceof Inet4Address ? IpFamily.IPV4 : IpFamily.IPV6;
    }

    private static ConntrackFlow.Protocol protocol(PublishedPort port) {
        return switch (port.protocol()) {
            case TCP -> ConntrackFlow.Protocol.TCP;
            case UDP -> ConntrackFlow.Protocol.UDP;
            case SCTP -> ConntrackFlow.Protocol.SCTP;
        };
    }
}
