package io.shoal.dns.records;

import java.net.InetAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pcollections.HashPMap;
import org.pcollections.HashTreePMap;
import org.pcollections.TreePMap;
import org.xbill.DNS.Name;

/**
 * The names of one network at one moment: immutable, so the server reads it without locks while the registry makes
 * the next one.
 *
 * <p>Every name of every endpoint is indexed twice, as itself ({@code web.}) and qualified by the network
 * ({@code web.frontend.}); both forms compare case-insensitively. Each address points back to its container's name.
 *
 * <p>The maps are persistent (pcollections): the next snapshot shares all but the changed paths with this one, so a
 * join, leave or alias change costs a logarithm of the network's size for each name and address the endpoint has,
 * whatever the size of the network.
 */
public final class NetworkRecords {
    private final String network;
    private final Optional<Name> qualifier;
    private final Optional<LeftOutName> networkNameProblem;
    private final long nextSequence;
    private final HashPMap<String, Member> members;
    private final TreePMap<Long, EndpointRecord> joinOrder;
    private final HashPMap<Name, NameEntry> names;
    private final HashPMap<InetAddress, TreePMap<Long, Name>> pointers;

    /** One endpoint: its join sequence number (its place in join order), its record, and the names it publishes. */
    private record Member(long sequence, EndpointRecord record, EndpointNames names) {}

    private NetworkRecords(
            String network,
            Optional<Name> qualifier,
            Optional<LeftOutName> networkNameProblem,
            long nextSequence,
            HashPMap<String, Member> members,
            TreePMap<Long, EndpointRecord> joinOrder,
            HashPMap<Name, NameEntry> names,
            HashPMap<InetAddress, TreePMap<Long, Name>> pointers) {
        this.network = network;
        this.qualifier = qualifier;
        this.networkNameProblem = networkNameProblem;
        this.nextSequence = nextSequence;
        this.members = members;
        this.joinOrder = joinOrder;
        this.names = names;
        this.pointers = pointers;
    }

    /**
     * A network without endpoints. When {@code network} cannot be a DNS name, its endpoints' bare names still resolve,
     * and only the qualified forms ({@code name.network}) are left out.
     */
    static NetworkRecords empty(String network) {
        DnsNames.Checked checked = DnsNames.check(network);
        Optional<Name> qualifier =
                checked instanceof DnsNames.Valid valid ? Optional.of(valid.name()) : Optional.empty();
        Optional<LeftOutName> problem = checked instanceof DnsNames.Invalid invalid
                ? Optional.of(new LeftOutName(
                        "network name",
                        network,
                        invalid.reason() + "; its endpoints' names resolve without the network qualifier"))
                : Optional.empty();
        return new NetworkRecords(
                network,
                qualifier,
                problem,
                0,
                HashTreePMap.empty(),
                TreePMap.empty(),
                HashTreePMap.empty(),
                HashTreePMap.empty());
    }

    /** The network's name. */
    public String network() {
        return network;
    }

    /** The endpoints on this network, in the order they joined. */
    public Collection<EndpointRecord> endpoints() {
        return joinOrder.values();
    }

    /** How many endpoints are on this network. */
    public int size() {
        return members.size();
    }

    /** The endpoint of {@code containerId} on this network, if it has one. */
    public Optional<EndpointRecord> endpoint(String containerId) {
        Member member = members.get(containerId);
        return member == null ? Optional.empty() : Optional.of(member.record());
    }

    /** All addresses {@code name} has on this network (IPv4 first, each in join order); empty when unknown. */
    public List<InetAddress> addresses(Name name) {
        NameEntry entry = names.get(name);
        return entry == null ? List.of() : entry.all();
    }

    /** Why the network's name is not in DNS, if it is not. */
    Optional<LeftOutName> networkNameProblem() {
        return networkNameProblem;
    }

    NameEntry entry(Name name) {
        return names.get(name);
    }

    Name pointer(InetAddress address) {
        TreePMap<Long, Name> claimants = pointers.get(address);
        // Two endpoints claiming one address is the IPAM's mistake; the one that joined first keeps the pointer.
        return claimants == null ? null : claimants.firstEntry().getValue();
    }

    /** The names {@code endpoint} would publish here, and those it cannot. */
    EndpointNames namesOf(EndpointRecord endpoint) {
        return EndpointNames.of(endpoint, qualifier, network);
    }

    /** The next snapshot: this one with {@code endpoint} added; its container must not be here yet. */
    NetworkRecords with(EndpointRecord endpoint) {
        long sequence = nextSequence;
        EndpointNames published = namesOf(endpoint);
        HashPMap<Name, NameEntry> nextNames = names;
        for (Name name : published.names()) {
            nextNames = plusContribution(nextNames, name, sequence, endpoint.addresses());
        }
        return new NetworkRecords(
                network,
                qualifier,
                networkNameProblem,
                sequence + 1,
                members.plus(endpoint.containerId(), new Member(sequence, endpoint, published)),
                joinOrder.plus(sequence, endpoint),
                nextNames,
                plusPointers(pointers, sequence, endpoint.addresses(), published.pointerTarget()));
    }

    /** The next snapshot: this one without the endpoint of {@code containerId} (which must be here). */
    NetworkRecords without(String containerId) {
        Member member = members.get(containerId);
        long sequence = member.sequence();
        HashPMap<Name, NameEntry> nextNames = names;
        for (Name name : member.names().names()) {
            nextNames = minusContribution(nextNames, name, sequence);
        }
        return new NetworkRecords(
                network,
                qualifier,
                networkNameProblem,
                nextSequence,
                members.minus(containerId),
                joinOrder.minus(sequence),
                nextNames,
                minusPointers(pointers, sequence, member.record().addresses()));
    }

    /**
     * The next snapshot: the endpoint of {@code next}'s container (which must be here) replaced by {@code next}, in its
     * place in join order. Only the names and addresses that differ are touched, so the names both records publish keep
     * their rotation.
     */
    NetworkRecords replaced(EndpointRecord next) {
        Member old = members.get(next.containerId());
        long sequence = old.sequence();
        EndpointNames published = namesOf(next);
        boolean sameAddresses = old.record().addresses().equals(next.addresses());
        Set<Name> before = new HashSet<>(old.names().names());
        Set<Name> after = new HashSet<>(published.names());
        HashPMap<Name, NameEntry> nextNames = names;
        for (Name name : old.names().names()) {
            if (!after.contains(name)) {
                nextNames = minusContribution(nextNames, name, sequence);
            }
        }
        for (Name name : published.names()) {
            if (!sameAddresses || !before.contains(name)) {
                nextNames = plusContribution(nextNames, name, sequence, next.addresses());
            }
        }
        HashPMap<InetAddress, TreePMap<Long, Name>> nextPointers = pointers;
        if (!sameAddresses || !old.names().pointerTarget().equals(published.pointerTarget())) {
            nextPointers = minusPointers(nextPointers, sequence, old.record().addresses());
            nextPointers = plusPointers(nextPointers, sequence, next.addresses(), published.pointerTarget());
        }
        return new NetworkRecords(
                network,
                qualifier,
                networkNameProblem,
                nextSequence,
                members.plus(next.containerId(), new Member(sequence, next, published)),
                joinOrder.plus(sequence, next),
                nextNames,
                nextPointers);
    }

    /** The names the endpoint of {@code containerId} (which must be here) left out. */
    List<LeftOutName> leftOutOf(String containerId) {
        return members.get(containerId).names().leftOut();
    }

    private static HashPMap<Name, NameEntry> plusContribution(
            HashPMap<Name, NameEntry> names, Name name, long sequence, List<InetAddress> addresses) {
        NameEntry entry = names.get(name);
        return names.plus(name, entry == null ? NameEntry.of(sequence, addresses) : entry.with(sequence, addresses));
    }

    private static HashPMap<Name, NameEntry> minusContribution(
            HashPMap<Name, NameEntry> names, Name name, long sequence) {
        NameEntry entry = names.get(name);
        if (entry == null) {
            return names;
        }
        NameEntry rest = entry.without(sequence);
        return rest == null ? names.minus(name) : names.plus(name, rest);
    }

    private static HashPMap<InetAddress, TreePMap<Long, Name>> plusPointers(
            HashPMap<InetAddress, TreePMap<Long, Name>> pointers,
            long sequence,
            List<InetAddress> addresses,
            Optional<Name> target) {
        if (target.isEmpty()) {
            return pointers;
        }
        HashPMap<InetAddress, TreePMap<Long, Name>> next = pointers;
        for (InetAddress address : addresses) {
            TreePMap<Long, Name> claimants = next.get(address);
            next = next.plus(
                    address,
                    claimants == null
                            ? TreePMap.singleton(sequence, target.get())
                            : claimants.plus(sequence, target.get()));
        }
        return next;
    }

    private static HashPMap<InetAddress, TreePMap<Long, Name>> minusPointers(
            HashPMap<InetAddress, TreePMap<Long, Name>> pointers, long sequence, List<InetAddress> addresses) {
        HashPMap<InetAddress, TreePMap<Long, Name>> next = pointers;
        for (InetAddress address : addresses) {
            TreePMap<Long, Name> claimants = next.get(address);
            if (claimants != null) {
                TreePMap<Long, Name> rest = claimants.minus(sequence);
                next = rest.isEmpty() ? next.minus(address) : next.plus(address, rest);
            }
        }
        return next;
    }

    /** Every name this network answers, with its addresses (IPv4 first, each in join order). */
    Map<Name, List<InetAddress>> addressesByName() {
        Map<Name, List<InetAddress>> all = new HashMap<>();
        names.forEach((name, entry) -> all.put(name, entry.all()));
        return all;
    }

    @Override
    public String toString() {
        return "NetworkRecords[" + network + ", " + members.size() + " endpoints, " + names.size() + " names]";
    }
}
