package io.shoal.dns.records;

import java.net.InetAddress;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * The names of one network at one moment: immutable, so the server reads it without locks while the registry builds
 * the next one.
 *
 * <p>Every name of every endpoint is indexed twice, as itself ({@code web.}) and qualified by the network
 * ({@code web.frontend.}); both forms compare case-insensitively. Each address points back to its container's name.
 */
public final class NetworkRecords {
    private final String network;
    private final Map<String, EndpointRecord> endpoints;
    private final Map<Name, NameEntry> names;
    private final Map<InetAddress, Name> pointers;

    private NetworkRecords(
            String network,
            Map<String, EndpointRecord> endpoints,
            Map<Name, NameEntry> names,
            Map<InetAddress, Name> pointers) {
        this.network = network;
        this.endpoints = endpoints;
        this.names = names;
        this.pointers = pointers;
    }

    /** A network without endpoints. */
    static NetworkRecords empty(String network) {
        DnsNames.absolute("network name", network);
        return new NetworkRecords(network, Map.of(), Map.of(), Map.of());
    }

    /** The network's name. */
    public String network() {
        return network;
    }

    /** The endpoints on this network, in the order they joined. */
    public Collection<EndpointRecord> endpoints() {
        return endpoints.values();
    }

    /** The endpoint of {@code containerId} on this network, if it has one. */
    public Optional<EndpointRecord> endpoint(String containerId) {
        return Optional.ofNullable(endpoints.get(containerId));
    }

    /** All addresses {@code name} has on this network (IPv4 first, each in join order); empty when unknown. */
    public List<InetAddress> addresses(Name name) {
        NameEntry entry = names.get(name);
        return entry == null ? List.of() : entry.all();
    }

    NameEntry entry(Name name) {
        return names.get(name);
    }

    Name pointer(InetAddress address) {
        return pointers.get(address);
    }

    /** The next snapshot: this one with {@code endpoint} added or replaced. */
    NetworkRecords with(EndpointRecord endpoint) {
        Map<String, EndpointRecord> next = new LinkedHashMap<>(endpoints);
        next.put(endpoint.containerId(), endpoint);
        return build(next);
    }

    /** The next snapshot: this one without the endpoint of {@code containerId}. */
    NetworkRecords without(String containerId) {
        Map<String, EndpointRecord> next = new LinkedHashMap<>(endpoints);
        next.remove(containerId);
        return build(next);
    }

    private NetworkRecords build(Map<String, EndpointRecord> nextEndpoints) {
        Name networkName = DnsNames.absolute("network name", network);
        Map<Name, NameEntry.Builder> builders = new LinkedHashMap<>();
        Map<InetAddress, Name> nextPointers = new HashMap<>();
        for (EndpointRecord endpoint : nextEndpoints.values()) {
            for (String text : endpoint.names()) {
                Name name = DnsNames.absolute("name", text);
                addAll(builders.computeIfAbsent(name, n -> new NameEntry.Builder()), endpoint);
                DnsNames.qualified(name, networkName)
                        .ifPresent(qualified ->
                                addAll(builders.computeIfAbsent(qualified, n -> new NameEntry.Builder()), endpoint));
            }
            Name containerName = DnsNames.absolute("container name", endpoint.containerName());
            for (InetAddress address : endpoint.addresses()) {
                // Two endpoints claiming one address is the IPAM's mistake; the first keeps the pointer.
                nextPointers.putIfAbsent(address, containerName);
            }
        }
        Map<Name, NameEntry> nextNames = new HashMap<>();
        builders.forEach((name, builder) -> nextNames.put(name, builder.build(rotationFor(name))));
        return new NetworkRecords(
                network,
                Collections.unmodifiableMap(nextEndpoints),
                Collections.unmodifiableMap(nextNames),
                Collections.unmodifiableMap(nextPointers));
    }

    private Rotation rotationFor(Name name) {
        NameEntry previous = names.get(name);
        return previous == null ? new Rotation() : previous.rotation();
    }

    private static void addAll(NameEntry.Builder builder, EndpointRecord endpoint) {
        endpoint.addresses().forEach(builder::add);
    }

    @Override
    public String toString() {
        return "NetworkRecords[" + network + ", " + endpoints.size() + " endpoints, " + names.size() + " names]";
    }
}
