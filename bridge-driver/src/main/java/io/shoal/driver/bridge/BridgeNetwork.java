package io.shoal.driver.bridge;

import io.shoal.spi.IpamData;
import io.shoal.spi.net.IpPrefix;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A bridge network as the driver keeps it (and persists it, see {@link BridgeState}).
 *
 * @param ownsBridge true when the driver made the bridge and so deletes it with the network; false for a bridge
 *     that existed before and was adopted by name
 * @param phase where the network is in its life: a network found {@code CREATING} or {@code DELETING} after a
 *     restart is torn down
 */
record BridgeNetwork(
        String id,
        String name,
        BridgeOptions options,
        List<IpamData> ipv4,
        List<IpamData> ipv6,
        boolean internal,
        boolean ownsBridge,
        Phase phase) {
    /** A network's life: made, in use, being removed. */
    enum Phase {
        CREATING,
        READY,
        DELETING
    }

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
        return new BridgeNetwork(id, name, options, ipv4, ipv6, internal, owns, Phase.READY);
    }

    BridgeNetwork asDeleting() {
        return new BridgeNetwork(id, name, options, ipv4, ipv6, internal, ownsBridge, Phase.DELETING);
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
