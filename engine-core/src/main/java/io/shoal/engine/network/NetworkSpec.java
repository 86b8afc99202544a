package io.shoal.engine.network;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code docker network create} request as the engine sees it (Docker Engine API {@code POST /networks/create}):
 * name, driver type ({@code bridge}, {@code macvlan}), driver options ({@code -o}), labels, IPAM driver name and its
 * options, the subnets of both families in the order given, and the flags {@code --ipv6}, {@code --internal} and
 * {@code --attachable}.
 */
public record NetworkSpec(
        String name,
        String driver,
        Map<String, String> options,
        Map<String, String> labels,
        String ipamDriver,
        Map<String, String> ipamOptions,
        List<SubnetSpec> subnets,
        boolean enableIpv6,
        boolean internal,
        boolean attachable) {
    public NetworkSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driver, "driver");
        options = Map.copyOf(options);
        labels = Map.copyOf(labels);
        Objects.requireNonNull(ipamDriver, "ipamDriver");
        ipamOptions = Map.copyOf(ipamOptions);
        subnets = List.copyOf(subnets);
    }
}
