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
 * @param ready false while the network is being made: a network found not ready after a restart is torn down
 */
record BridgeNetwork(
        String id,
        String name,
        BridgeOptions options,
        List<IpamData> ipv4,
        List<IpamData> ipv6,
        boolean internal,
        boolean ownsBridge,
        boolean ready) {
    BridgeNetwork {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
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

    BridgeNetwork asReady(boolean ownsBridge) {
        return new BridgeNetwork(id, name, options, ipv4, ipv6, internal, ownsBridge, true);
    }
}
