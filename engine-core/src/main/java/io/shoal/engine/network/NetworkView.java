package io.shoal.engine.network;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A network as {@code docker network inspect} and {@code ls} show it (Docker Engine API {@code Network} object):
 * 64-hex id, name, driver type, creation time, whether it is predefined ({@code bridge}, {@code host}, {@code none}:
 * filter {@code type=builtin}), the flags, IPAM driver and subnets, driver options, labels, and the attached
 * containers by container id (every endpoint of a running container, whatever its state).
 */
public record NetworkView(
        String id,
        String name,
        String driver,
        Instant created,
        boolean builtin,
        boolean enableIpv6,
        boolean internal,
        boolean attachable,
        String ipamDriver,
        Map<String, String> ipamOptions,
        List<SubnetView> subnets,
        Map<String, String> options,
        Map<String, String> labels,
        Map<String, EndpointView> containers) {
    public NetworkView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(ipamDriver, "ipamDriver");
        ipamOptions = Map.copyOf(ipamOptions);
        subnets = List.copyOf(subnets);
        options = Map.copyOf(options);
        labels = Map.copyOf(labels);
        containers = Map.copyOf(containers);
    }
}
