package io.shoal.netlink;

import io.shoal.net.MacAddress;
import java.net.InetAddress;
import java.util.Optional;

/**
 * A neighbour (ARP or NDP) table entry.
 *
 * @param linkIndex the link's index
 * @param address the IP address
 * @param mac the Ethernet address; empty while unresolved, or on a link whose addresses are not Ethernet
 * @param state the NUD_* state bits (linux/neighbour.h)
 */
public record NeighbourEntry(int linkIndex, InetAddress address, Optional<MacAddress> mac, int state) {
    /** Whether this is a static entry (NUD_PERMANENT). */
    public boolean isPermanent() {
        return (state & io.shoal.netlink.wire.Neighbour.NUD_PERMANENT) != 0;
    }
}
