package io.shoal.driver.bridge;

import io.shoal.driver.support.NetworkPhase;
import io.shoal.driver.support.NetworkRecord;
import io.shoal.net.IpPrefix;
import io.shoal.spi.IpamData;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A bridge network as the driver keeps it (and persists it, see {@link BridgeState}).
 *
 * @param ownsBridge true when the driver made the bridge and so deletes it with the network; false for a bridge
 *     that existed before and was adopted by name
 * @param phase where the network is in its life: a network found {@code CREATING} or {@code DELETING} after a
 *     restart is torn down, a {@code READY} one gets whatever of it is missing
 */
record BridgeNetwork(
        String id,
        String name,
        BridgeOptions options,
        List<IpamData> ipv4,
        List<IpamData> ipv6,
        boolean internal,
        boolean ownsBridge,
        NetworkPhase phase)
        implements NetworkRecord<BridgeNetwork> {
    BridgeNetwork {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
        Objects.requireNonNull(phase, "phase");
    }

    String bridge() {
        return options.bridgeName();
    }

    /** The gateway addresses (with their subnet's prefix length) the bridge carries. */
    List<IpPrefix> gateways() {
        return Stream.concat(ipv4.stream(), ipv6.stream())
                .flatMap(data -> data.gateway().stream())
                .toList();
    }

    List<IpPrefix> subnets() {
        return Stream.concat(ipv4.stream(), ipv6.stream()).map(IpamData::pool).toList();
    }

    BridgeNetwork asReady(boolean owns) {
        return new BridgeNetwork(id, name, options, ipv4, ipv6, internal, owns, NetworkPhase.READY);
    }

    @Override
    public BridgeNetwork inPhase(NetworkPhase next) {
        return new BridgeNetwork(id, name, options, ipv4, ipv6, internal, ownsBridge, next);
    }

    /** The first 12 hex digits of the id, as Docker shows it and as the firewall names the network's chains. */
    String shortId() {
        return id.substring(0, Math.min(12, id.length()));
    }

    /**
     * The name a deleted network's bridge is renamed to while the kernel takes it down: {@code shd} and the short
     * id, so the bridge name is free again at once and a restart can finish the removal.
     */
    String tombstone() {
        return "shd" + shortId();
    }
}
