package io.shoal.dns.records;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one endpoint (one container's attachment to one network) contributes to that network's names.
 *
 * <p>Every one of {@link #containerName}, the 12-character short id, {@link #hostname} and each alias resolves to
 * {@link #addresses} on the endpoint's network; each address resolves back (PTR) to the container name. The full id
 * resolves too when it fits in one DNS label; Docker's 64-digit ids do not (RFC 1035 section 2.3.4 allows 63 octets),
 * which is why Docker, too, publishes only the short id.
 *
 * <p>Any text is accepted for every name: a name that cannot be a DNS name ({@link DnsNames#check}) is kept in the
 * record but left out of DNS by the registry, which reports it in the {@link Registration} of the update.
 *
 * @param containerId the container's id (Docker's 64 hex digits); its first 12 characters are a name
 * @param containerName the container's name, without Docker's leading slash
 * @param hostname the container's hostname when it has one that should resolve
 * @param aliases the endpoint's network-scoped aliases, in the order given, without duplicates
 * @param addresses the endpoint's IPv4 and IPv6 addresses
 */
public record EndpointRecord(
        String containerId,
        String containerName,
        Optional<String> hostname,
        Set<String> aliases,
        List<InetAddress> addresses) {
    /** The length of Docker's short container id. */
    public static final int SHORT_ID_LENGTH = 12;

    /**
     * Copies the collections, so a record never changes after it is made. A null argument or element is a caller's
     * bug, not a user's input: {@link NullPointerException}.
     */
    public EndpointRecord {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(containerName, "containerName");
        Objects.requireNonNull(hostname, "hostname");
        List<String> copied = List.copyOf(aliases);
        aliases = Collections.unmodifiableSet(new LinkedHashSet<>(copied));
        addresses = List.copyOf(addresses);
    }

    /** An endpoint with no hostname and no aliases. */
    public static EndpointRecord of(String containerId, String containerName, InetAddress... addresses) {
        return new EndpointRecord(containerId, containerName, Optional.empty(), Set.of(), List.of(addresses));
    }

    /** This record with {@code alias} added (a no-op when it is there already). */
    public EndpointRecord withAlias(String alias) {
        Set<String> more = new LinkedHashSet<>(aliases);
        more.add(Objects.requireNonNull(alias, "alias"));
        return new EndpointRecord(containerId, containerName, hostname, more, addresses);
    }

    /** This record without {@code alias}. */
    public EndpointRecord withoutAlias(String alias) {
        Set<String> fewer = new LinkedHashSet<>(aliases);
        fewer.remove(alias);
        return new EndpointRecord(containerId, containerName, hostname, fewer, addresses);
    }

    /** The 12-character short id, or the whole id when it is not longer than that. */
    public String shortId() {
        return containerId.length() > SHORT_ID_LENGTH ? containerId.substring(0, SHORT_ID_LENGTH) : containerId;
    }

    /**
     * Every name this endpoint answers to, unqualified, as given: name, id (when it is a DNS name of one label), short
     * id, hostname, aliases. Names that cannot be DNS names are in the list; the registry leaves them out.
     */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(containerName);
        if (fullIdIsAName()) {
            names.add(containerId);
        }
        names.add(shortId());
        hostname.ifPresent(names::add);
        names.addAll(aliases);
        return names;
    }

    /** Whether the full id is a DNS name of one label, so that it resolves beside the short id. */
    boolean fullIdIsAName() {
        return containerId.length() <= DnsNames.MAX_LABEL_OCTETS
                && containerId.indexOf('.') < 0
                && DnsNames.check(containerId) instanceof DnsNames.Valid;
    }
}
