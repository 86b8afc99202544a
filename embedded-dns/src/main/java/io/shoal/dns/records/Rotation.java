package io.shoal.dns.records;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Round-robin state of one name: a counter per answer kind (A, AAAA, ANY) that each answer advances by one, so that
 * over successive answers of one kind every record comes first equally often.
 *
 * <p>Separate counters matter: a stub resolver that asks A then AAAA for every lookup would otherwise see every A
 * answer start at an even offset. The counters survive snapshot swaps (a new snapshot takes over the old one's
 * rotation for names it still has), so a join elsewhere in the network does not restart the rotation.
 */
final class Rotation {
    static final int A = 0;
    static final int AAAA = 1;
    static final int ANY = 2;

    private final AtomicLongArray counters = new AtomicLongArray(3);

    /** {@code records} rotated left by this kind's counter, which then moves on by one. */
    <T> List<T> next(int kind, List<T> records) {
        int size = records.size();
        if (size < 2) {
            return records;
        }
        int first = (int) Long.remainderUnsigned(counters.getAndIncrement(kind), size);
        if (first == 0) {
            return records;
        }
        List<T> rotated = new ArrayList<>(size);
        rotated.addAll(records.subList(first, size));
        rotated.addAll(records.subList(0, first));
        return rotated;
    }
}
