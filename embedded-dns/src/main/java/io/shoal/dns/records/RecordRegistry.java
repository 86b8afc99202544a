package io.shoal.dns.records;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.pcollections.HashPMap;
import org.pcollections.HashTreePMap;
import org.pcollections.TreePSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The names of every network, and who may see which.
 *
 * <p>The engine calls {@link #join}, {@link #leave}, {@link #addAlias}, {@link #removeAlias} and {@link
 * #removeContainer} as endpoints come and go, and {@link #defineNetwork} as networks are created. Each call makes the
 * next snapshot from the current one with persistent maps, touching only what the change touches (a logarithm of the
 * network's size per name and address of the endpoint), and publishes it with one volatile write, so a lookup sees
 * either the whole change or none of it, and sees it as soon as the call returns. Updates are serialised among
 * themselves; {@link #lookup} takes no lock and may run on any number of threads.
 *
 * <p>Names: any text is accepted. A name that cannot be a DNS name ({@link DnsNames#check}) is left out of DNS, logged
 * as a warning and returned in the update's {@link Registration}; every other name of the update is published. Only
 * the state errors below are thrown; a null argument is a caller's bug ({@link NullPointerException}).
 *
 * <p>Scoping: a container sees the names of the networks it has an endpoint on, and no others. When a name exists on
 * several of its networks the answer holds the addresses from all of them (networks in name order); the qualified
 * form {@code name.network} picks one.
 */
public final class RecordRegistry {
    private static final Logger LOG = System.getLogger("io.shoal.dns.records");
    private static final LookupResult NOT_FOUND = new LookupResult.NotFound();
    private static final LookupResult NO_DATA = new LookupResult.NoData();
    private static final LookupResult NAME_ERROR = new LookupResult.NameError();

    private final Object updateLock = new Object();
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private final AtomicLong generation = new AtomicLong();

    /**
     * Registers (or replaces) what the registry knows of a network beyond its endpoints: its subnets, and whether
     * reverse lookups in them that no endpoint answers are answered here (NXDOMAIN) or forwarded. Endpoints may join a
     * network that was never defined; reverse lookups of its unknown addresses are then forwarded.
     *
     * @return the network name, in {@link Registration#leftOut} when it cannot be a DNS name (its endpoints' names
     *     then resolve without the network qualifier)
     */
    public Registration defineNetwork(NetworkDefinition definition) {
        synchronized (updateLock) {
            Snapshot current = snapshot;
            publish(current.withDefinitions(current.definitions.plus(definition.name(), definition)));
            Registration registration =
                    new Registration(NetworkRecords.empty(definition.name()).networkNameProblem().stream()
                            .toList());
            warn(registration.leftOut());
            return registration;
        }
    }

    /** Forgets {@code network}'s definition (a no-op if it has none); its endpoints, if any, stay until they leave. */
    public void removeNetwork(String network) {
        synchronized (updateLock) {
            Snapshot current = snapshot;
            if (current.definitions.containsKey(network)) {
                publish(current.withDefinitions(current.definitions.minus(network)));
            }
        }
    }

    /**
     * Adds {@code endpoint} to {@code network}'s names.
     *
     * @return the names left out of DNS (the network name and any of the endpoint's names that cannot be DNS names);
     *     everything else is published
     * @throws EndpointExistsException the container already has an endpoint on that network
     */
    public Registration join(String network, EndpointRecord endpoint) {
        synchronized (updateLock) {
            Snapshot current = snapshot;
            NetworkRecords records = current.networks.get(network);
            if (records == null) {
                records = NetworkRecords.empty(network);
                records.networkNameProblem().ifPresent(problem -> warn(List.of(problem)));
            }
            if (records.endpoint(endpoint.containerId()).isPresent()) {
                throw new EndpointExistsException(network, endpoint.containerId());
            }
            NetworkRecords next = records.with(endpoint);
            publish(current.withNetwork(next).withAttachment(endpoint.containerId(), network, true));
            List<LeftOutName> leftOut = next.leftOutOf(endpoint.containerId());
            warn(leftOut);
            return registrationOf(next, leftOut);
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
            Snapshot current = snapshot;
            NetworkRecords records = existing(current, "leave", network, containerId);
            publish(current.withNetwork(records.without(containerId)).withAttachment(containerId, network, false));
        }
    }

    /**
     * Adds {@code alias} to the endpoint of {@code containerId} on {@code network} (a no-op if it has it).
     *
     * @return the endpoint's names left out of DNS after the change, {@code alias} among them when it cannot be a DNS
     *     name (it is kept in the endpoint's record all the same, so {@link #removeAlias} finds it)
     * @throws NoSuchEndpointException the container has no endpoint there
     */
    public Registration addAlias(String network, String containerId, String alias) {
        return updateEndpoint("add alias", network, containerId, endpoint -> endpoint.withAlias(alias));
    }

    /**
     * Removes {@code alias} from the endpoint of {@code containerId} on {@code network} (a no-op if it lacks it).
     *
     * @return the endpoint's names left out of DNS after the change
     * @throws NoSuchEndpointException the container has no endpoint there
     */
    public Registration removeAlias(String network, String containerId, String alias) {
        return updateEndpoint("remove alias", network, containerId, endpoint -> endpoint.withoutAlias(alias));
    }

    /** Removes every endpoint of {@code containerId}, on every network, in one step; returns the networks it left. */
    public Set<String> removeContainer(String containerId) {
        synchronized (updateLock) {
            Snapshot current = snapshot;
            TreePSet<String> attached = current.attachments.get(containerId);
            if (attached == null) {
                return Set.of();
            }
            Snapshot next = current;
            for (String network : attached) {
                next = next.withNetwork(next.networks.get(network).without(containerId));
            }
            publish(next.withoutAttachments(containerId));
            return Collections.unmodifiableSet(new LinkedHashSet<>(attached));
        }
    }

    /**
     * A number that moves on with every change of the records. Whatever a caller derives from a {@link #lookup} made
     * after reading generation {@code g} is still what a lookup would give while {@code generation()} returns {@code
     * g}, except for the round-robin order of names with two or more addresses (each lookup rotates them). The
     * number moves after the change is visible, so a value derived during a change is discarded at once, never kept
     * stale.
     */
    public long generation() {
        return generation.get();
    }

    /** The current snapshot of {@code network}, if any endpoint is on it. */
    public Optional<NetworkRecords> network(String network) {
        return Optional.ofNullable(snapshot.networks.get(network));
    }

    /** The networks {@code containerId} has endpoints on, in name order. */
    public List<String> networksOf(String containerId) {
        TreePSet<String> attached = snapshot.attachments.get(containerId);
        return attached == null ? List.of() : List.copyOf(attached);
    }

    /**
     * Answers {@code qname}/{@code qtype} as container {@code requesterId} may see it.
     *
     * <p>A, AAAA and ANY (RFC 8482 allows any non-empty subset; Shoal gives A and AAAA together) answer with the
     * name's addresses, rotated by one place per answer. PTR for an address on one of the requester's networks answers
     * with the container's name. Any other type of a name we hold is {@link LookupResult.NoData}. A reverse name in
     * the subnets of a {@link ReverseLookups#LOCAL_AUTHORITATIVE} network that the requester cannot see answered is
     * {@link LookupResult.NameError} (or NoData for a prefix that is a parent of addresses, such as
     * {@code 30.172.in-addr.arpa.}). Any other name is {@link LookupResult.NotFound}, for the caller to forward.
     *
     * @param qtype a DNS type number ({@link Type})
     */
    public LookupResult lookup(String requesterId, Name qname, int qtype) {
        Snapshot current = snapshot;
        TreePSet<String> visible = current.attachments.get(requesterId);
        ReverseName reverse = ReverseName.parse(qname);
        if (reverse != null) {
            return lookupReverse(current, visible, reverse, qtype);
        }
        if (visible == null) {
            return NOT_FOUND;
        }
        NameEntry first = null;
        List<NameEntry> entries = null;
        for (String network : visible) {
            NameEntry entry = current.networks.get(network).entry(qname);
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
            List<NameEntry> entries, Function<NameEntry, List<? extends InetAddress>> pick) {
        Set<InetAddress> all = new LinkedHashSet<>();
        entries.forEach(entry -> all.addAll(pick.apply(entry)));
        return new ArrayList<>(all);
    }

    /**
     * A reverse name: the pointers of the requester's networks when it is an address one of them holds; else, inside
     * an engine-owned subnet, NXDOMAIN for what cannot exist and NoData for a parent prefix (an empty non-terminal,
     * which denies nothing below it, RFC 8020); else forwarded.
     */
    private static LookupResult lookupReverse(
            Snapshot current, TreePSet<String> visible, ReverseName reverse, int qtype) {
        if (reverse.isAddress() && visible != null) {
            InetAddress address = reverse.address();
            Set<Name> names = new LinkedHashSet<>();
            for (String network : visible) {
                Name name = current.networks.get(network).pointer(address);
                if (name != null) {
                    names.add(name);
                }
            }
            if (!names.isEmpty()) {
                return qtype == Type.PTR || qtype == Type.ANY ? new LookupResult.Pointers(List.copyOf(names)) : NO_DATA;
            }
        }
        if (!current.zones.isAuthoritativeFor(reverse)) {
            return NOT_FOUND;
        }
        return reverse.isAddress() || reverse.leftOver() ? NAME_ERROR : NO_DATA;
    }

    private static NetworkRecords existing(Snapshot current, String operation, String network, String containerId) {
        NetworkRecords records = current.networks.get(network);
        if (records == null || records.endpoint(containerId).isEmpty()) {
            throw new NoSuchEndpointException(operation, network, containerId);
        }
        return records;
    }

    private Registration updateEndpoint(
            String operation, String network, String containerId, UnaryOperator<EndpointRecord> change) {
        synchronized (updateLock) {
            Snapshot current = snapshot;
            NetworkRecords records = existing(current, operation, network, containerId);
            EndpointRecord endpoint = records.endpoint(containerId).orElseThrow();
            EndpointRecord changed = change.apply(endpoint);
            if (changed.equals(endpoint)) {
                return registrationOf(records, records.leftOutOf(containerId));
            }
            List<LeftOutName> before = records.leftOutOf(containerId);
            NetworkRecords next = records.replaced(changed);
            publish(current.withNetwork(next));
            List<LeftOutName> after = next.leftOutOf(containerId);
            warn(after.stream().filter(name -> !before.contains(name)).toList());
            return registrationOf(next, after);
        }
    }

    private static Registration registrationOf(NetworkRecords records, List<LeftOutName> endpointLeftOut) {
        if (records.networkNameProblem().isEmpty()) {
            return endpointLeftOut.isEmpty() ? Registration.CLEAN : new Registration(endpointLeftOut);
        }
        List<LeftOutName> all = new ArrayList<>();
        all.add(records.networkNameProblem().get());
        all.addAll(endpointLeftOut);
        return new Registration(all);
    }

    private static void warn(List<LeftOutName> leftOut) {
        leftOut.forEach(name -> LOG.log(Level.WARNING, name.toString()));
    }

    private void publish(Snapshot next) {
        snapshot = next;
        // After the snapshot: a reader that sees the new generation sees the new records too.
        generation.incrementAndGet();
    }

    /**
     * Every network's records, for each container the names of the networks it is on, and the defined networks with
     * their reverse zones. All persistent, so the next snapshot shares everything but the changed paths.
     */
    private static final class Snapshot {
        static final Snapshot EMPTY =
                new Snapshot(HashTreePMap.empty(), HashTreePMap.empty(), HashTreePMap.empty(), ReverseZones.EMPTY);

        final HashPMap<String, NetworkRecords> networks;
        final HashPMap<String, TreePSet<String>> attachments;
        final HashPMap<String, NetworkDefinition> definitions;
        final ReverseZones zones;

        private Snapshot(
                HashPMap<String, NetworkRecords> networks,
                HashPMap<String, TreePSet<String>> attachments,
                HashPMap<String, NetworkDefinition> definitions,
                ReverseZones zones) {
            this.networks = networks;
            this.attachments = attachments;
            this.definitions = definitions;
            this.zones = zones;
        }

        /** This snapshot with {@code records} in place of its network's, or without it when it has no endpoints. */
        Snapshot withNetwork(NetworkRecords records) {
            HashPMap<String, NetworkRecords> next =
                    records.size() == 0 ? networks.minus(records.network()) : networks.plus(records.network(), records);
            return new Snapshot(next, attachments, definitions, zones);
        }

        /** This snapshot with {@code network} added to or removed from {@code containerId}'s networks. */
        Snapshot withAttachment(String containerId, String network, boolean attached) {
            TreePSet<String> current = attachments.get(containerId);
            TreePSet<String> next = current == null ? TreePSet.empty() : current;
            next = attached ? next.plus(network) : next.minus(network);
            return new Snapshot(
                    networks,
                    next.isEmpty() ? attachments.minus(containerId) : attachments.plus(containerId, next),
                    definitions,
                    zones);
        }

        Snapshot withoutAttachments(String containerId) {
            return new Snapshot(networks, attachments.minus(containerId), definitions, zones);
        }

        Snapshot withDefinitions(HashPMap<String, NetworkDefinition> nextDefinitions) {
            return new Snapshot(networks, attachments, nextDefinitions, ReverseZones.of(nextDefinitions.values()));
        }
    }
}
