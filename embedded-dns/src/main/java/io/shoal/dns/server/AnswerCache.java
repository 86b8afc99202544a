package io.shoal.dns.server;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The encoded UDP answers one container's resolver gave from the records, keyed by everything in the query but its
 * ID, so that a repeated question is answered by copying the bytes and writing the new ID instead of parsing the
 * query, looking the name up and encoding a response (a DNS client asks the same few names over and over; TTL 0
 * keeps it from caching them itself).
 *
 * <p>An answer is kept with the {@link io.shoal.dns.records.RecordRegistry#generation() generation} of the records
 * it was derived from and served only while that generation is current, so any change of any name is seen by the next
 * question. Only answers that repeat exactly may be stored: the caller leaves out answers that the round-robin rotation
 * would reorder (two or more addresses), forwarded answers and errors. The response differs from the query's only in
 * the bytes the rest of the query determines (flags, question, EDNS payload size and so the TC bit: RFC 1035 section
 * 4.1.1, RFC 6891 section 6.2.5), so the key needs no parsing.
 *
 * <p>Direct-mapped: {@link #SLOTS} entries per listener, a question taking the slot of its hash and evicting what was
 * there. Entries are immutable and replaced whole, so the listener's event loops (one per UDP socket) may share it.
 * The slots are allocated at the first store, so a container that never asks costs nothing.
 */
final class AnswerCache {
    /** Entries per listener: the distinct names a container asks repeatedly are few. */
    static final int SLOTS = 32;
    /** Queries longer than this (big EDNS options, long names) are not cached; dnsperf's and glibc's are under 100. */
    static final int MAX_QUERY = 256;

    private volatile AtomicReferenceArray<Entry> slots;

    /**
     * The stored answer to {@code query}, or null when none is stored for the records' {@code generation}.
     *
     * @param query a whole query message, at least {@link QueryResponder#HEADER_LENGTH} octets
     */
    Entry find(byte[] query, long generation) {
        AtomicReferenceArray<Entry> current = slots;
        if (current == null || query.length > MAX_QUERY) {
            return null;
        }
        Entry entry = current.get(slotOf(query));
        if (entry == null || entry.generation != generation || !sameQuestion(entry.query, query)) {
            return null;
        }
        return entry;
    }

    /** Keeps {@code response}, the answer to {@code query} derived from the records of {@code generation}. */
    void store(byte[] query, byte[] response, int rcode, long generation) {
        if (query.length > MAX_QUERY) {
            return;
        }
        AtomicReferenceArray<Entry> current = slots;
        if (current == null) {
            synchronized (this) {
                current = slots;
                if (current == null) {
                    current = new AtomicReferenceArray<>(SLOTS);
                    slots = current;
                }
            }
        }
        current.set(slotOf(query), new Entry(query.clone(), response.clone(), rcode, generation));
    }

    /** Octets 2 onwards: the ID (octets 0 and 1) is the only part of a query its answer does not depend on. */
    private static int slotOf(byte[] query) {
        int hash = 1;
        for (int i = 2; i < query.length; i++) {
            hash = 31 * hash + query[i];
        }
        return (hash ^ (hash >>> 16)) & (SLOTS - 1);
    }

    private static boolean sameQuestion(byte[] stored, byte[] query) {
        return Arrays.equals(stored, 2, stored.length, query, 2, query.length);
    }

    /** One stored answer: immutable. */
    static final class Entry {
        private final byte[] query;
        private final byte[] response;
        private final int rcode;
        private final long generation;

        Entry(byte[] query, byte[] response, int rcode, long generation) {
            this.query = query;
            this.response = response;
            this.rcode = rcode;
            this.generation = generation;
        }

        /** A copy of the answer with the ID of {@code query}. */
        byte[] responseTo(byte[] query) {
            byte[] copy = response.clone();
            copy[0] = query[0];
            copy[1] = query[1];
            return copy;
        }

        int rcode() {
            return rcode;
        }
    }
}
