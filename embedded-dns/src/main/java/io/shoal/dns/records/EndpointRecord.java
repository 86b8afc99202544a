package io.shoal.dns.records;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
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

    private static final int MAX_LABEL_LENGTH = 63;

    /** Checks the names and copies the collections, so a record never changes after it is made. */
    public EndpointRecord {
        if (containerId.isEmpty()) {
            throw new IllegalArgumentException("container id is empty");
        }
        requireName("container name", containerName);
        hostname.ifPresent(name -> requireName("hostname", name));
        aliases.forEach(alias -> requireName("alias", alias));
        aliases = Collections.unmodifiableSet(new LinkedHashSet<>(aliases));
        addresses = List.copyOf(addresses);
    }

    /** An endpoint with no hostname and no aliases. */
    public static EndpointRecord of(String containerId, String containerName, InetAddress... addresses) {
        return new EndpointRecord(containerId, containerName, Optional.empty(), Set.of(), List.of(addresses));
    }

    /** This record with {@code alias} added (a no-op when it is there already). */
    public EndpointRecord withAlias(String alias) {
        Set<String> more = new LinkedHashSet<>(aliases);
        more.add(alias);
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

    /** Every name this endpoint answers to, unqualified: name, id (when it fits a label), short id, hostname, aliases. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(containerName);
        if (containerId.length() <= MAX_LABEL_LENGTH && isUsableName(containerId)) {
            names.add(containerId);
        }
        names.add(shortId());
        hostname.ifPresent(names::add);
        names.addAll(aliases);
        return names;
    }

    private static void requireName(String what, String name) {
        DnsNames.absolute(what, name);
    }

    private static boolean isUsableName(String text) {
        try {
            DnsNames.absolute("container id", text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
