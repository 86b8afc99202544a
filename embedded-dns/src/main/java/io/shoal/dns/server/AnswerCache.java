package io.shoal.dns.server;

import io.netty.buffer.ByteBuf;
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
 * <p>Set-associative: {@link #SETS} sets of {@link #WAYS} entries per listener; a question may sit in any way of the set
 * its hash picks. (A direct-mapped table of 32 slots, before, put 11 of the 20 names of a benchmark network in slots
 * shared with another name, and names asked in turn evicted each other at every question: half the answers were
 * encoded afresh.) A new answer takes the way that holds the same question or an empty one, else a way chosen in turn.
 * Entries are immutable and replaced whole, so the listener's event loops (one per UDP socket) may share it. The slots
 * are allocated at the first store, so a container that never asks costs nothing.
 */
final class AnswerCache {
    /** Sets per listener: the distinct names a container asks repeatedly are few (tens). */
    static final int SETS = 32;
    /** Entries per set: five names asked in turn must fall in one set of 32 before they evict each other. */
    static final int WAYS = 4;
    /** Queries longer than this (big EDNS options, long names) are not cached; dnsperf's and glibc's are under 100. */
    static final int MAX_QUERY = 256;

    private volatile AtomicReferenceArray<Entry> slots;
    /** The next way to evict when a set is full; racy on purpose (any way will do). */
    private int nextVictim;

    /**
     * The stored answer to {@code query}, or null when none is stored for the records' {@code generation}.
     *
     * @param query a whole query message, at least {@link QueryResponder#HEADER_LENGTH} octets
     */
    Entry find(byte[] query, long generation) {
        return find(query, query.length, generation);
    }

    /**
     * The stored answer to the query in the first {@code length} octets of {@code query} (a buffer reused from query
     * to query), or null when none is stored for the records' {@code generation}.
     *
     * @param length at least {@link QueryResponder#HEADER_LENGTH} and at most {@code query.length}
     */
    Entry find(byte[] query, int length, long generation) {
        AtomicReferenceArray<Entry> current = slots;
        if (current == null || length > MAX_QUERY) {
            return null;
        }
        int first = setOf(query, length) * WAYS;
        for (int way = 0; way < WAYS; way++) {
            Entry entry = current.get(first + way);
            if (entry != null && sameQuestion(entry.query, query, length)) {
                return entry.generation == generation ? entry : null;
            }
        }
        return null;
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
                    current = new AtomicReferenceArray<>(SETS * WAYS);
                    slots = current;
                }
            }
        }
        int first = setOf(query, query.length) * WAYS;
        current.set(
                first + wayFor(current, first, query), new Entry(query.clone(), response.clone(), rcode, generation));
    }

    /** The way of the set at {@code first} that holds {@code query}'s question, else an empty one, else one in turn. */
    private int wayFor(AtomicReferenceArray<Entry> current, int first, byte[] query) {
        int empty = -1;
        for (int way = 0; way < WAYS; way++) {
            Entry entry = current.get(first + way);
            if (entry == null) {
                empty = empty < 0 ? way : empty;
            } else if (sameQuestion(entry.query, query, query.length)) {
                return way;
            }
        }
        if (empty >= 0) {
            return empty;
        }
        int victim = nextVictim;
        nextVictim = (victim + 1) & (WAYS - 1);
        return victim;
    }

    /** The set of a query, hashed over octets 2 onwards: the ID (octets 0 and 1) is the only part its answer ignores. */
    static int setOf(byte[] query, int length) {
        int hash = 1;
        for (int i = 2; i < length; i++) {
            hash = 31 * hash + query[i];
        }
        return (hash ^ (hash >>> 16)) & (SETS - 1);
    }

    private static boolean sameQuestion(byte[] stored, byte[] query, int length) {
        return Arrays.equals(stored, 2, stored.length, query, 2, length);
    }

    /** One stored answer: immutable. */
    static final class Entry {
        private final byte[] query;
        private final byte[] response;
        private final int rcode;
        private final long generation;
        private final boolean truncated;

        Entry(byte[] query, byte[] response, int rcode, long generation) {
            this.query = query;
            this.response = response;
            this.rcode = rcode;
            this.generation = generation;
            this.truncated = QueryResponder.isTruncated(response);
        }

        /** A copy of the answer with the ID of {@code query}. */
        byte[] responseTo(byte[] query) {
            byte[] copy = response.clone();
            copy[0] = query[0];
            copy[1] = query[1];
            return copy;
        }

        /**
         * Writes the answer with the ID of {@code query} into {@code out}: the ID's two octets, then the stored rest,
         * in one copy (no array per answer).
         */
        void writeResponseTo(byte[] query, ByteBuf out) {
            out.writeByte(query[0]).writeByte(query[1]).writeBytes(response, 2, response.length - 2);
        }

        /** The answer's length in octets. */
        int responseLength() {
            return response.length;
        }

        int rcode() {
            return rcode;
        }

        /** Whether the answer has TC set (it was cut to the query's UDP limit). */
        boolean truncated() {
            return truncated;
        }
    }
}
