package io.shoal.dns.records;

import io.shoal.net.IpPrefix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The subnets of every defined network, for deciding who answers a reverse lookup no endpoint answers: the most
 * specific subnet that holds the whole of the name's prefix decides, as a route would (so a forwarded LAN inside an
 * engine-owned range stays forwarded). Immutable; rebuilt when a network is defined or removed, never on a join.
 */
final class ReverseZones {
    static final ReverseZones EMPTY = new ReverseZones(List.of());

    /** One subnet: its network octets, its prefix length, and whether it is the resolver's to deny. */
    private static final class Zone {
        final byte[] network;
        final int prefixLength;
        final boolean authoritative;

        Zone(byte[] network, int prefixLength, boolean authoritative) {
            this.network = network;
            this.prefixLength = prefixLength;
            this.authoritative = authoritative;
        }
    }

    private final List<Zone> zones;

    private ReverseZones(List<Zone> zones) {
        this.zones = zones;
    }

    static ReverseZones of(Collection<NetworkDefinition> definitions) {
        List<Zone> zones = new ArrayList<>();
        for (NetworkDefinition definition : definitions) {
            boolean authoritative = definition.reverseLookups() == ReverseLookups.LOCAL_AUTHORITATIVE;
            for (IpPrefix subnet : definition.subnets()) {
                zones.add(new Zone(subnet.address().getAddress(), subnet.length(), authoritative));
            }
        }
        return new ReverseZones(List.copyOf(zones));
    }

    /**
     * Whether the resolver answers for {@code name} itself: the most specific defined subnet holding the name's whole
     * prefix is {@link ReverseLookups#LOCAL_AUTHORITATIVE}. False when no subnet holds it, or when the name's prefix is
     * shorter than every subnet's (an ancestor such as {@code 172.in-addr.arpa.} is not the engine's alone).
     */
    boolean isAuthoritativeFor(ReverseName name) {
        Zone best = null;
        for (Zone zone : zones) {
            if (zone.prefixLength > 0
                    && name.startsWith(zone.network, zone.prefixLength)
                    && (best == null || zone.prefixLength > best.prefixLength)) {
                best = zone;
            }
        }
        return best != null && best.authoritative;
    }
}
