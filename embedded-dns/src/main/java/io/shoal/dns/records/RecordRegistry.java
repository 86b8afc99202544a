package io.shoal.dns.records;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.xbill.DNS.Name;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/**
 * The names of every network, and who may see which.
 *
 * <p>The engine calls {@link #join}, {@link #leave}, {@link #addAlias} and {@link #removeContainer} as endpoints come
 * and go; each call builds the changed network's next {@link NetworkRecords} and publishes a new snapshot with one
 * volatile write, so a lookup sees either the whole change or none of it, and sees it as soon as the call returns.
 * Updates are serialised among themselves; {@link #lookup} takes no lock and may run on any number of threads.
 *
 * <p>Scoping: a container sees the names of the networks it has an endpoint on, and no others. When a name exists on
 * several of its networks the answer holds the addresses from all of them (networks in name order); the qualified
 * form {@code name.network} picks one.
 */
public final class RecordRegistry {
    private static final Name IPV4_REVERSE = Name.fromConstantString("in-addr.arpa.");
    private static final Name IPV6_REVERSE = Name.fromConstantString("ip6.arpa.");
    private static final LookupResult NOT_FOUND = new LookupResult.NotFound();
    private static final LookupResult NO_DATA = new LookupResult.NoData();

    private final Object updateLock = new Object();
    private volatile Snapshot snapshot = Snapshot.EMPTY;

    /**
     * Adds {@code endpoint} to {@code network}'s names.
     *
     * @throws EndpointExistsException the container already has an endpoint on that network
     * @throws IllegalArgumentException the network name is not a usable DNS name
     */
    public void join(String network, EndpointRecord endpoint) {
        synchronized (updateLock) {
            NetworkRecords current = snapshot.networks.getOrDefault(network, NetworkRecords.empty(network));
            if (current.endpoint(endpoint.containerId()).isPresent()) {
                throw new EndpointExistsException(network, endpoint.containerId());
            }
            publish(snapshot.with(network, current.with(endpoint)));
        }
    }

    /**
     * Removes the endpoint of {@code containerId} from {@code network}: its names and addresses are gone for every
     * lookup that starts after this returns.
     *
     * @throws NoSuchEndpointException the container has no endpoint there
     */
    public void leave(String network, String containerId) {
        synchronized (updateLock) {
            NetworkRecords current = existing("leave", network, containerId);
            publish(snapshot.with(network, current.without(containerId)));
        }
    }

    /**
     * Adds {@code alias} to the endpoint of {@code containerId} on {@code network} (a no-op if it has it).
     *
     * @throws NoSuchEndpointException the container has no endpoint there
     */
    public void addAlias(String network, String containerId, String alias) {
        updateEndpoint("add alias", network, containerId, endpoint -> endpoint.withAlias(alias));
    }

    /**
     * Removes {@code alias} from the endpoint of {@code containerId} on {@code network}.
     *
     * @throws NoSuchEndpointException the container has no endpoint there
     */
    public void removeAlias(String network, String containerId, String alias) {
        updateEndpoint("remove alias", network, containerId, endpoint -> endpoint.withoutAlias(alias));
    }

    /** Removes every endpoint of {@code containerId}, on every network, in one step; returns the networks it left. */
    public Set<String> removeContainer(String containerId) {
        synchronized (updateLock) {
            Snapshot next = snapshot;
            Set<String> left = new LinkedHashSet<>();
            for (NetworkRecords records : snapshot.attachments.getOrDefault(containerId, List.of())) {
                next = next.with(records.network(), records.without(containerId));
                left.add(records.network());
            }
            publish(next);
            return Collections.unmodifiableSet(left);
        }
    }

    /** The current snapshot of {@code network}, if any endpoint is on it. */
    public Optional<NetworkRecords> network(String network) {
        return Optional.ofNullable(snapshot.networks.get(network));
    }

    /** The networks {@code containerId} has endpoints on, in name order. */
    public List<String> networksOf(String containerId) {
        List<String> names = new ArrayList<>();
        snapshot.attachments.getOrDefault(containerId, List.of()).forEach(records -> names.add(records.network()));
        return names;
    }

    /**
     * Answers {@code qname}/{@code qtype} as container {@code requesterId} may see it.
     *
     * <p>A, AAAA and ANY (RFC 8482 allows any non-empty subset; Shoal gives A and AAAA together) answer with the
     * name's addresses, rotated by one place per answer. PTR for an address on one of the requester's networks answers
     * with the container's name. Any other type of a name we hold is {@link LookupResult.NoData}. A name the requester
     * cannot see is {@link LookupResult.NotFound}, for the caller to forward.
     *
     * @param qtype a DNS type number ({@link Type})
     */
    public LookupResult lookup(String requesterId, Name qname, int qtype) {
        List<NetworkRecords> visible = snapshot.attachments.get(requesterId);
        if (visible == null) {
            return NOT_FOUND;
        }
        InetAddress reversed = reverseAddress(qname);
        if (reversed != null) {
            return lookupPointer(visible, reversed, qtype);
        }
        NameEntry first = null;
        List<NameEntry> entries = null;
        for (NetworkRecords records : visible) {
            NameEntry entry = records.entry(qname);
            if (entry == null) {
                continue;
            }
            if (first == null) {
                first = entry;
            } else {
                if (entries == null) {
                    entries = new ArrayList<>(List.of(first));
                }
                entries.add(entry);
            }
        }
        if (first == null) {
            return NOT_FOUND;
        }
        return addresses(first, entries == null ? List.of(first) : entries, qtype);
    }

    private static LookupResult addresses(NameEntry first, List<NameEntry> entries, int qtype) {
        int kind;
        List<? extends InetAddress> found;
        switch (qtype) {
            case Type.A -> {
                kind = Rotation.A;
                found = entries.size() == 1 ? first.ipv4() : union(entries, NameEntry::ipv4);
            }
            case Type.AAAA -> {
                kind = Rotation.AAAA;
                found = entries.size() == 1 ? first.ipv6() : union(entries, NameEntry::ipv6);
            }
            case Type.ANY -> {
                kind = Rotation.ANY;
                found = entries.size() == 1 ? first.all() : union(entries, NameEntry::all);
            }
            default -> {
                return NO_DATA;
            }
        }
        if (found.isEmpty()) {
            return NO_DATA;
        }
        return new LookupResult.Addresses(first.rotation().next(kind, List.copyOf(found)));
    }

    private static List<InetAddress> union(
            List<NameEntry> entries, java.util.function.Function<NameEntry, List<? extends InetAddress>> pick) {
        Set<InetAddress> all = new LinkedHashSet<>();
        entries.forEach(entry -> all.addAll(pick.apply(entry)));
        return new ArrayList<>(all);
    }

    private static LookupResult lookupPointer(List<NetworkRecords> visible, InetAddress address, int qtype) {
        Set<Name> names = new LinkedHashSet<>();
        for (NetworkRecords records : visible) {
            Name name = records.pointer(address);
            if (name != null) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            return NOT_FOUND;
        }
        return qtype == Type.PTR || qtype == Type.ANY ? new LookupResult.Pointers(List.copyOf(names)) : NO_DATA;
    }

    /** The address a full reverse name (RFC 1035 3.5, RFC 3596 2.5) stands for; null for any other name. */
    private static InetAddress reverseAddress(Name qname) {
        if (!qname.subdomain(IPV4_REVERSE) && !qname.subdomain(IPV6_REVERSE)) {
            return null;
        }
        try {
            return ReverseMap.fromName(qname);
        } catch (UnknownHostException e) {
            // A partial reverse name (a zone cut such as 17.172.in-addr.arpa.) names no single address: not ours.
            return null;
        }
    }

    private NetworkRecords existing(String operation, String network, String containerId) {
        NetworkRecords current = snapshot.networks.get(network);
        if (current == null || current.endpoint(containerId).isEmpty()) {
            throw new NoSuchEndpointException(operation, network, containerId);
        }
        return current;
    }

    private void updateEndpoint(
            String operation, String network, String containerId, UnaryOperator<EndpointRecord> change) {
        synchronized (updateLock) {
            NetworkRecords current = existing(operation, network, containerId);
            EndpointRecord endpoint = current.endpoint(containerId).orElseThrow();
            publish(snapshot.with(network, current.with(change.apply(endpoint))));
        }
    }

    private void publish(Snapshot next) {
        snapshot = next;
    }

    /** Every network's records, and for each container the records of the networks it is on. */
    private static final class Snapshot {
        static final Snapshot EMPTY = new Snapshot(Map.of());

        final Map<String, NetworkRecords> networks;
        final Map<String, List<NetworkRecords>> attachments;

        private Snapshot(Map<String, NetworkRecords> networks) {
            this.networks = networks;
            this.attachments = attachmentsOf(networks);
        }

        /** This snapshot with {@code network} replaced by {@code records}, or dropped when it has no endpoints. */
        Snapshot with(String network, NetworkRecords records) {
            Map<String, NetworkRecords> next = new HashMap<>(networks);
            if (records.endpoints().isEmpty()) {
                next.remove(network);
            } else {
                next.put(network, records);
            }
            return new Snapshot(Collections.unmodifiableMap(next));
        }

        private static Map<String, List<NetworkRecords>> attachmentsOf(Map<String, NetworkRecords> networks) {
            Map<String, List<NetworkRecords>> attachments = new HashMap<>();
            for (NetworkRecords records : new TreeMap<>(networks).values()) {
                for (EndpointRecord endpoint : records.endpoints()) {
                    attachments
                            .computeIfAbsent(endpoint.containerId(), id -> new ArrayList<>())
                            .add(records);
                }
            }
            attachments.replaceAll((id, list) -> List.copyOf(list));
            return Collections.unmodifiableMap(attachments);
        }
    }
}
