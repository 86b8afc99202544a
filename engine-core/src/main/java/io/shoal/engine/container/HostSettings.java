package io.shoal.engine.container;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of Docker's {@code HostConfig} Shoal honours: the network mode ({@code default} = {@code bridge}, a
 * network name or id, {@code host}, {@code none}), published ports ({@code -p}: container port to host bindings),
 * {@code -P}, {@code --rm}, the restart policy name ({@code no}, {@code always}, {@code unless-stopped}, {@code
 * on-failure}) and its retry count, {@code --dns} servers as text, {@code --dns-search}, {@code --dns-option}, and
 * {@code --add-host} entries ({@code name:address}).
 */
public record HostSettings(
        String networkMode,
        Map<ContainerPort, List<HostBinding>> portBindings,
        boolean publishAllPorts,
        boolean autoRemove,
        String restartPolicy,
        int restartRetries,
        List<String> dns,
        List<String> dnsSearch,
        List<String> dnsOptions,
        List<String> extraHosts) {
    public HostSettings {
        Objects.requireNonNull(networkMode, "networkMode");
        portBindings = Map.copyOf(portBindings);
        Objects.requireNonNull(restartPolicy, "restartPolicy");
        dns = List.copyOf(dns);
        dnsSearch = List.copyOf(dnsSearch);
        dnsOptions = List.copyOf(dnsOptions);
        extraHosts = List.copyOf(extraHosts);
    }

    /** What {@code docker run IMAGE} sends: network mode {@code default}, nothing else. */
    public static HostSettings defaults() {
        return new HostSettings("default", Map.of(), false, false, "no", 0, List.of(), List.of(), List.of(), List.of());
    }
}
