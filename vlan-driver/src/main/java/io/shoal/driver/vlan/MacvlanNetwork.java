package io.shoal.driver.vlan;

import io.shoal.driver.support.NetworkPhase;
import io.shoal.driver.support.NetworkRecord;
import io.shoal.net.IpPrefix;
import io.shoal.spi.IpamData;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A macvlan network as the driver keeps it (and persists it, see {@link MacvlanState}).
 *
 * @param requested the {@code parent} option as given; empty for an internal network on a link of the driver's own
 * @param parent the link the network's macvlans hang from, and who made it
 * @param internal true for {@code --internal} and for every network without a parent: no default route
 * @param phase where the network is in its life: one found {@code CREATING} or {@code DELETING} after a restart is
 *     torn down, a {@code READY} one gets back a driver-made parent that is missing
 */
record MacvlanNetwork(
        String id,
        String name,
        MacvlanMode mode,
        Optional<ParentLink> requested,
        Parent parent,
        List<IpamData> ipv4,
        List<IpamData> ipv6,
        boolean internal,
        NetworkPhase phase)
        implements NetworkRecord<MacvlanNetwork> {
    /** Where a parent link came from, which says whether the driver deletes it with the network. */
    enum Origin {
        /** It existed before the network: never deleted. */
        ADOPTED,
        /** An 802.1Q sub-interface the driver made from {@code LINK.VID}. */
        SUB_INTERFACE,
        /** A dummy link the driver made for a network without a parent. */
        DUMMY,
        /** A veth pair the driver made for a network without a parent, on kernels without the dummy driver. */
        VETH_PAIR;

        boolean owned() {
            return this != ADOPTED;
        }
    }

    /**
     * The parent link.
     *
     * @param name its name in the host namespace
     * @param origin who made it
     */
    record Parent(String name, Origin origin) {
        Parent {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(origin, "origin");
        }
    }

    MacvlanNetwork {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(parent, "parent");
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
        Objects.requireNonNull(phase, "phase");
    }

    List<IpPrefix> subnets() {
        return pools().map(IpamData::pool).toList();
    }

    /** The gateways (an external router's addresses, never the host's) with their subnet's prefix length. */
    List<IpPrefix> gateways() {
        return pools().flatMap(pool -> pool.gateway().stream()).toList();
    }

    Stream<IpamData> pools() {
        return Stream.concat(ipv4.stream(), ipv6.stream());
    }

    MacvlanNetwork withParent(Parent made) {
        return new MacvlanNetwork(id, name, mode, requested, made, ipv4, ipv6, internal, phase);
    }

    @Override
    public MacvlanNetwork inPhase(NetworkPhase next) {
        return new MacvlanNetwork(id, name, mode, requested, parent, ipv4, ipv6, internal, next);
    }
}
