package io.shoal.dns.records;

import io.shoal.net.IpPrefix;
import java.util.List;
import java.util.Objects;

/**
 * What the registry knows of a network beyond its endpoints: its subnets, and whether reverse lookups in them that no
 * endpoint answers are the resolver's to deny ({@link ReverseLookups}). The engine registers it when it creates the
 * network ({@link RecordRegistry#defineNetwork}); a bridge network keeps the default {@link
 * ReverseLookups#LOCAL_AUTHORITATIVE}, a macvlan network is {@link ReverseLookups#FORWARD_UNKNOWN}.
 *
 * @param name the network's name, as endpoints join it
 * @param subnets the network's IPv4 and IPv6 subnets; host bits are cleared
 * @param reverseLookups what happens to reverse lookups in them that no visible endpoint answers
 */
public record NetworkDefinition(String name, List<IpPrefix> subnets, ReverseLookups reverseLookups) {
    /** Copies the list, with every subnet's host bits cleared; a null argument or element is a caller's bug (NPE). */
    public NetworkDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reverseLookups, "reverseLookups");
        subnets = subnets.stream().map(IpPrefix::network).toList();
    }

    /** A network whose subnets are the engine's own: {@link ReverseLookups#LOCAL_AUTHORITATIVE}. */
    public static NetworkDefinition of(String name, List<IpPrefix> subnets) {
        return new NetworkDefinition(name, subnets, ReverseLookups.LOCAL_AUTHORITATIVE);
    }

    /** This network with {@code reverseLookups} instead. */
    public NetworkDefinition with(ReverseLookups reverseLookups) {
        return new NetworkDefinition(name, subnets, reverseLookups);
    }
}
