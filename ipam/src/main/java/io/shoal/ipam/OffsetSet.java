package io.shoal.ipam;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * A set of unsigned 64-bit offsets whose memory grows with the number of members, not with the range they come from,
 * so a /64 with a few allocations costs a few bytes. The offset space is cut into chunks of 2^16; a chunk with no
 * member takes no memory, a sparse chunk keeps its members as a sorted {@code char[]} (2 bytes each, at most {@value
 * #ARRAY_MAX} of them), a dense one as a 2^16-bit bitmap (8 KiB) with a summary of its full words. This is the layout of
 * Roaring bitmaps (Lemire et al., "Better bitmap performance with Roaring bitmaps", 2016), cut down to what an
 * allocator needs: add, remove, contains and "first absent offset at or after x".
 *
 * <p>Not thread-safe: its pool guards it.
 */
final class OffsetSet {
    private static final int CHUNK_BITS = 16;
    private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
    private static final int LOW_MASK = CHUNK_SIZE - 1;
    private static final long MAX_KEY = -1L >>> CHUNK_BITS;
    /** Above this many members a chunk is cheaper as a bitmap (4096 × 2 bytes = 8 KiB, the bitmap's size). */
    static final int ARRAY_MAX = 4096;
    /** Below this many a bitmap turns back into an array; the gap keeps a chunk near the limit from flapping. */
    private static final int BITMAP_MIN = ARRAY_MAX / 2;

    private final TreeMap<Long, Container> chunks = new TreeMap<>();
    private long size;
    // One-entry cache: allocation walks a cursor forward, so the same chunk is asked for again and again.
    private long cachedKey = -1;
    private Container cached;

    long size() {
        return size;
    }

    boolean contains(long offset) {
        Container c = chunk(offset >>> CHUNK_BITS);
        return c != null && c.contains((int) offset & LOW_MASK);
    }

    /** Adds {@code offset}; false when it was already a member. */
    boolean add(long offset) {
        long key = offset >>> CHUNK_BITS;
        int low = (int) offset & LOW_MASK;
        Container c = chunk(key);
        if (c == null) {
            c = new ArrayContainer();
            put(key, c);
        } else if (c instanceof ArrayContainer array && array.cardinality() == ARRAY_MAX) {
            if (array.contains(low)) {
                return false;
            }
            c = array.toBitmap();
            put(key, c);
        }
        boolean added = c.add(low);
        if (added) {
            size++;
        }
        return added;
    }

    /** Removes {@code offset}; false when it was not a member. */
    boolean remove(long offset) {
        long key = offset >>> CHUNK_BITS;
        Container c = chunk(key);
        if (c == null || !c.remove((int) offset & LOW_MASK)) {
            return false;
        }
        size--;
        if (c.cardinality() == 0) {
            chunks.remove(key);
            cachedKey = -1;
            cached = null;
        } else if (c instanceof BitmapContainer bitmap && bitmap.cardinality() < BITMAP_MIN) {
            put(key, bitmap.toArray());
        }
        return true;
    }

    /**
     * The smallest offset in {@code [from, to]} (unsigned) that is not a member, or {@code to + 1} when every offset
     * there is a member. (The caller tells "none" apart by the result lying outside {@code [from, to]}; the only
     * range where that cannot work, all 2^64 offsets, can never be full.)
     */
    long firstAbsent(long from, long to) {
        long key = from >>> CHUNK_BITS;
        int low = (int) from & LOW_MASK;
        while (true) {
            Container c = chunk(key);
            int found = c == null ? low : c.firstAbsent(low);
            if (found >= 0) {
                long candidate = (key << CHUNK_BITS) | found;
                return Long.compareUnsigned(candidate, to) <= 0 ? candidate : to + 1;
            }
            if (key == MAX_KEY || Long.compareUnsigned((key + 1) << CHUNK_BITS, to) > 0) {
                return to + 1;
            }
            key++; // a chunk with no container is all absent: the next pass finds its first offset
            low = 0;
        }
    }

    /** Calls {@code action} with every member in ascending unsigned order. */
    void forEach(LongConsumer action) {
        for (Map.Entry<Long, Container> entry : chunks.entrySet()) {
            long base = entry.getKey() << CHUNK_BITS;
            entry.getValue().forEach(low -> action.accept(base | low));
        }
    }

    /** Rough bytes held, for tests of the memory bound (object headers estimated at 16 bytes). */
    long estimatedBytes() {
        long bytes = 64;
        for (Container c : chunks.values()) {
            bytes += 48 + 16 + c.estimatedBytes(); // tree entry + boxed key, then the container
        }
        return bytes;
    }

    private Container chunk(long key) {
        if (key == cachedKey) {
            return cached;
        }
        Container c = chunks.get(key);
        if (c != null) {
            cachedKey = key;
            cached = c;
        }
        return c;
    }

    private void put(long key, Container c) {
        chunks.put(key, c);
        cachedKey = key;
        cached = c;
    }

    private interface LowConsumer {
        void accept(int low);
    }

    private abstract static class Container {
        abstract int cardinality();

        abstract boolean contains(int low);

        abstract boolean add(int low);

        abstract boolean remove(int low);

        /** The smallest absent value in {@code [low, 65535]}, or -1 when all are present. */
        abstract int firstAbsent(int low);

        abstract void forEach(LowConsumer action);

        abstract long estimatedBytes();
    }

    /** Members as a sorted array of 16-bit values. */
    private static final class ArrayContainer extends Container {
        private char[] values = new char[4];
        private int count;

        @Override
        int cardinality() {
            return count;
        }

        @Override
        boolean contains(int low) {
            return Arrays.binarySearch(values, 0, count, (char) low) >= 0;
        }

        @Override
        boolean add(int low) {
            int at = Arrays.binarySearch(values, 0, count, (char) low);
            if (at >= 0) {
                return false;
            }
            int insert = -at - 1;
            if (count == values.length) {
                values = Arrays.copyOf(values, Math.min(ARRAY_MAX, count * 2));
            }
            System.arraycopy(values, insert, values, insert + 1, count - insert);
            values[insert] = (char) low;
            count++;
            return true;
        }

        @Override
        boolean remove(int low) {
            int at = Arrays.binarySearch(values, 0, count, (char) low);
            if (at < 0) {
                return false;
            }
            System.arraycopy(values, at + 1, values, at, count - at - 1);
            count--;
            if (count < values.length / 4 && values.length > 4) {
                values = Arrays.copyOf(values, Math.max(4, values.length / 2));
            }
            return true;
        }

        @Override
        int firstAbsent(int low) {
            int at = Arrays.binarySearch(values, 0, count, (char) low);
            if (at < 0) {
                return low;
            }
            // values[at..] starts a run of consecutive members; the values are distinct and sorted, so
            // values[j] - values[at] == j - at exactly while the run lasts: binary search for its end.
            int lo = at;
            int hi = count - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (values[mid] - values[at] == mid - at) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            int next = values[lo] + 1;
            return next < CHUNK_SIZE ? next : -1;
        }

        @Override
        void forEach(LowConsumer action) {
            for (int i = 0; i < count; i++) {
                action.accept(values[i]);
            }
        }

        @Override
        long estimatedBytes() {
            return 16 + 16 + 2L * values.length;
        }

        BitmapContainer toBitmap() {
            BitmapContainer bitmap = new BitmapContainer();
            for (int i = 0; i < count; i++) {
                bitmap.add(values[i]);
            }
            return bitmap;
        }
    }

    /** Members as 2^16 bits, with one summary bit per word saying the word is full. */
    private static final class BitmapContainer extends Container {
        private static final int WORDS = CHUNK_SIZE / 64;
        private final long[] words = new long[WORDS];
        private final long[] fullWords = new long[WORDS / 64];
        private int count;

        @Override
        int cardinality() {
            return count;
        }

        @Override
        boolean contains(int low) {
            return (words[low >>> 6] & (1L << low)) != 0;
        }

        @Override
        boolean add(int low) {
            int w = low >>> 6;
            long before = words[w];
            long after = before | (1L << low);
            if (after == before) {
                return false;
            }
            words[w] = after;
            count++;
            if (after == -1L) {
                fullWords[w >>> 6] |= 1L << w;
            }
            return true;
        }

        @Override
        boolean remove(int low) {
            int w = low >>> 6;
            long before = words[w];
            long after = before & ~(1L << low);
            if (after == before) {
                return false;
            }
            words[w] = after;
            count--;
            fullWords[w >>> 6] &= ~(1L << w);
            return true;
        }

        @Override
        int firstAbsent(int low) {
            int w = low >>> 6;
            long free = ~words[w] & (-1L << low);
            if (free != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(free);
            }
            int next = firstNotFullWord(w + 1);
            return next < 0 ? -1 : (next << 6) + Long.numberOfTrailingZeros(~words[next]);
        }

        private int firstNotFullWord(int from) {
            for (int s = from >>> 6; s < fullWords.length && from < WORDS; s++) {
                long notFull = ~fullWords[s] & (s == from >>> 6 ? -1L << from : -1L);
                if (notFull != 0) {
                    return (s << 6) + Long.numberOfTrailingZeros(notFull);
                }
            }
            return -1;
        }

        @Override
        void forEach(LowConsumer action) {
            for (int w = 0; w < WORDS; w++) {
                long bits = words[w];
                while (bits != 0) {
                    action.accept((w << 6) + Long.numberOfTrailingZeros(bits));
                    bits &= bits - 1;
                }
            }
        }

        @Override
        long estimatedBytes() {
            return 16 + 16 + 8L * words.length + 16 + 8L * fullWords.length;
        }

        ArrayContainer toArray() {
            ArrayContainer array = new ArrayContainer();
            forEach(array::add);
            return array;
        }
    }
}
