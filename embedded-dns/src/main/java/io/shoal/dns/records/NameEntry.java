package io.shoal.dns.records;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.pcollections.TreePMap;

/**
 * The addresses one name has on one network, and that name's rotation state. Immutable: an endpoint joining or leaving
 * under this name makes a new entry that shares the rotation and all but one node of the contributions.
 *
 * <p>Contributions are kept per endpoint, keyed by the endpoint's join sequence number, so adding or removing one
 * costs a logarithm of the endpoints sharing the name. The answer lists (IPv4 first, each in join order, duplicates
 * removed) are worked out on the first lookup of each entry, not on update: a name shared by thousands of endpoints
 * makes its lookups cost its size, never its updates.
 */
final class NameEntry {
    private final TreePMap<Long, List<InetAddress>> contributions;
    private final Rotation rotation;
    // Benign race: two first lookups may both compute the lists; AnswerLists is immutable with final fields, so a
    // reader that sees the reference sees the whole object (JLS 17.5).
    private AnswerLists lists;

    private NameEntry(TreePMap<Long, List<InetAddress>> contributions, Rotation rotation) {
        this.contributions = contributions;
        this.rotation = rotation;
    }

    /** A new name, held by the endpoint of join sequence {@code sequence}. */
    static NameEntry of(long sequence, List<InetAddress> addresses) {
        return new NameEntry(TreePMap.singleton(sequence, addresses), new Rotation());
    }

    /** This name, also (or again) held by the endpoint of {@code sequence} with {@code addresses}. */
    NameEntry with(long sequence, List<InetAddress> addresses) {
        return new NameEntry(contributions.plus(sequence, addresses), rotation);
    }

    /** This name without the endpoint of {@code sequence}; null when no endpoint holds it any more. */
    NameEntry without(long sequence) {
        TreePMap<Long, List<InetAddress>> fewer = contributions.minus(sequence);
        return fewer.isEmpty() ? null : new NameEntry(fewer, rotation);
    }

    List<Inet4Address> ipv4() {
        return lists().ipv4;
    }

    List<Inet6Address> ipv6() {
        return lists().ipv6;
    }

    List<InetAddress> all() {
        return lists().all;
    }

    Rotation rotation() {
        return rotation;
    }

    private AnswerLists lists() {
        AnswerLists known = lists;
        if (known == null) {
            known = new AnswerLists(contributions.values());
            lists = known;
        }
        return known;
    }

    /** The addresses of every contribution by family, in join order, each once. */
    private static final class AnswerLists {
        final List<Inet4Address> ipv4;
        final List<Inet6Address> ipv6;
        final List<InetAddress> all;

        AnswerLists(Iterable<List<InetAddress>> contributions) {
            Set<Inet4Address> v4 = new LinkedHashSet<>();
            Set<Inet6Address> v6 = new LinkedHashSet<>();
            for (List<InetAddress> addresses : contributions) {
                for (InetAddress address : addresses) {
                    if (address instanceof Inet4Address four) {
                        v4.add(four);
                    } else if (address instanceof Inet6Address six) {
                        v6.add(six);
                    }
                }
            }
            this.ipv4 = List.copyOf(v4);
            this.ipv6 = List.copyOf(v6);
            List<InetAddress> both = new ArrayList<>(v4);
            both.addAll(v6);
            this.all = List.copyOf(both);
        }
    }
}
