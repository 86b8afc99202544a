package io.shoal.engine.dns;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one endpoint publishes on its network's DNS: the container's 64-hex id (its 12-hex short id is a name), its
 * name (no leading slash), its hostname, its aliases on that network, and its addresses of either family.
 */
public record DnsEntry(
        String containerId,
        String containerName,
        Optional<String> hostname,
        List<String> aliases,
        List<InetAddress> addresses) {
    public DnsEntry {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(containerName, "containerName");
        Objects.requireNonNull(hostname, "hostname");
        aliases = List.copyOf(aliases);
        addresses = List.copyOf(addresses);
    }
}
