package io.shoal.engine.network;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One attachment of a container to a network, as the engine store keeps it (collection {@code endpoint}, keyed by
 * the endpoint's 64-hex id): the container's id, name and hostname, the interface name in its sandbox, the attach
 * order ({@code sequence}), the phase, the MAC address and addresses (CIDR text) with the IPAM pools they came from,
 * the user's aliases, and the ports published through it.
 */
public record EndpointRecord(
        String id,
        String networkId,
        String containerId,
        String containerName,
        String hostname,
        String interfaceName,
        long sequence,
        EndpointPhase phase,
        Optional<String> mac,
        Optional<String> ipv4,
        Optional<String> poolV4,
        Optional<String> ipv6,
        Optional<String> poolV6,
        List<String> aliases,
        List<PortRecord> ports) {
    public EndpointRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(containerName, "containerName");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(ipv4, "ipv4");
        Objects.requireNonNull(poolV4, "poolV4");
        Objects.requireNonNull(ipv6, "ipv6");
        Objects.requireNonNull(poolV6, "poolV6");
        aliases = List.copyOf(aliases);
        ports = List.copyOf(ports);
    }

    /** The same endpoint in another phase. */
    public EndpointRecord inPhase(EndpointPhase next) {
        return new EndpointRecord(
                id,
                networkId,
                containerId,
                containerName,
                hostname,
                interfaceName,
                sequence,
                next,
                mac,
                ipv4,
                poolV4,
                ipv6,
                poolV6,
                aliases,
                ports);
    }

    /** The same endpoint publishing {@code published}. */
    public EndpointRecord withPorts(List<PortRecord> published) {
        return new EndpointRecord(
                id,
                networkId,
                containerId,
                containerName,
                hostname,
                interfaceName,
                sequence,
                phase,
                mac,
                ipv4,
                poolV4,
                ipv6,
                poolV6,
                aliases,
                published);
    }
}
