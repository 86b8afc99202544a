package io.shoal.engine.network;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A network as the engine store keeps it (collection {@code network}, keyed by id): everything {@code docker network
 * inspect} shows except the endpoints, which have records of their own, plus the phase and the IPAM pools. Predefined
 * networks ({@code bridge}, {@code host}, {@code none}) are stored too, so their ids stay the same across restarts.
 */
public record NetworkRecord(
        String id,
        String name,
        String driver,
        Instant created,
        NetworkPhase phase,
        boolean builtin,
        boolean enableIpv6,
        boolean internal,
        boolean attachable,
        String ipamDriver,
        Map<String, String> ipamOptions,
        List<PoolRecord> pools,
        Map<String, String> options,
        Map<String, String> labels) {
    public NetworkRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(ipamDriver, "ipamDriver");
        ipamOptions = Map.copyOf(ipamOptions);
        pools = List.copyOf(pools);
        options = Map.copyOf(options);
        labels = Map.copyOf(labels);
    }

    /** The same network in another phase. */
    public NetworkRecord inPhase(NetworkPhase next) {
        return new NetworkRecord(
                id,
                name,
                driver,
                created,
                next,
                builtin,
                enableIpv6,
                internal,
                attachable,
                ipamDriver,
                ipamOptions,
                pools,
                options,
                labels);
    }

    /** The same network holding {@code allocated}. */
    public NetworkRecord withPools(List<PoolRecord> allocated) {
        return new NetworkRecord(
                id,
                name,
                driver,
                created,
                phase,
                builtin,
                enableIpv6,
                internal,
                attachable,
                ipamDriver,
                ipamOptions,
                allocated,
                options,
                labels);
    }
}
