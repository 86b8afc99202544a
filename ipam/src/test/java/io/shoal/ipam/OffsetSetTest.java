package io.shoal.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.junit.jupiter.api.Test;

class OffsetSetTest {
    @Test
    void emptySetHasEveryOffsetAbsent() {
        OffsetSet set = new OffsetSet();
        assertThat(set.size()).isZero();
        assertThat(set.contains(0)).isFalse();
        assertThat(set.firstAbsent(0, 10)).isZero();
        assertThat(set.firstAbsent(-5L, -1L)).isEqualTo(-5L);
    }

    @Test
    void addRemoveContainsReportChanges() {
        OffsetSet set = new OffsetSet();
        assertThat(set.add(7)).isTrue();
        assertThat(set.add(7)).isFalse();
        assertThat(set.contains(7)).isTrue();
        assertThat(set.remove(7)).isTrue();
        assertThat(set.remove(7)).isFalse();
        assertThat(set.size()).isZero();
    }

    @Test
    void firstAbsentSkipsARunInsideAnArrayChunk() {
        OffsetSet set = new OffsetSet();
        for (long i = 10; i < 3000; i++) {
            set.add(i);
        }
        assertThat(set.firstAbsent(10, 100_000)).isEqualTo(3000);
        assertThat(set.firstAbsent(0, 100_000)).isZero();
        assertThat(set.firstAbsent(10, 2999)).as("none in range answers to + 1").isEqualTo(3000);
    }

    @Test
    void firstAbsentCrossesFullBitmapChunks() {
        OffsetSet set = new OffsetSet();
        for (long i = 0; i < 3 * 65536L + 5; i++) {
            set.add(i);
        }
        assertThat(set.firstAbsent(0, Long.MAX_VALUE)).isEqualTo(3 * 65536L + 5);
        assertThat(set.size()).isEqualTo(3 * 65536L + 5);
        set.remove(70_000);
        assertThat(set.firstAbsent(0, Long.MAX_VALUE)).isEqualTo(70_000);
    }

    @Test
    void worksAtTheTopOfTheUnsignedRange() {
        OffsetSet set = new OffsetSet();
        set.add(-1L);
        set.add(-2L);
        assertThat(set.contains(-1L)).isTrue();
        assertThat(set.firstAbsent(-2L, -1L))
                .as("none: to + 1 wraps to 0, outside [from, to]")
                .isZero();
        assertThat(set.firstAbsent(-3L, -1L)).isEqualTo(-3L);
        List<Long> members = new ArrayList<>();
        set.forEach(members::add);
        assertThat(members).containsExactly(-2L, -1L);
    }

    @Test
    void chunkTurnsIntoABitmapAndBackKeepingItsMembers() {
        OffsetSet set = new OffsetSet();
        for (long i = 0; i < 2 * OffsetSet.ARRAY_MAX; i++) {
            set.add(i * 7 % 65536);
        }
        long asBitmap = set.estimatedBytes();
        for (long i = 0; i < 2 * OffsetSet.ARRAY_MAX - 100; i++) {
            set.remove(i * 7 % 65536);
        }
        assertThat(set.estimatedBytes()).isLessThan(asBitmap / 4);
        List<Long> members = new ArrayList<>();
        set.forEach(members::add);
        TreeSet<Long> expected = new TreeSet<>();
        for (long i = 2 * OffsetSet.ARRAY_MAX - 100; i < 2 * OffsetSet.ARRAY_MAX; i++) {
            expected.add(i * 7 % 65536);
        }
        assertThat(members).containsExactlyElementsOf(expected);
        assertThat(set.firstAbsent(0, 65535)).isZero();
    }

    @Test
    void memoryFollowsMembersNotRange() {
        OffsetSet set = new OffsetSet();
        for (long i = 0; i < 100_000; i++) {
            set.add(i * 1_000_003L); // one member per chunk: the worst case
        }
        assertThat(set.estimatedBytes()).isLessThan(20L * 1024 * 1024);
    }

    @Property(tries = 300)
    void agreesWithATreeSet(@ForAll("operations") List<Tuple2<Integer, Long>> operations) {
        OffsetSet set = new OffsetSet();
        TreeSet<Long> model = new TreeSet<>(Long::compareUnsigned);
        for (Tuple2<Integer, Long> op : operations) {
            long x = op.get2();
            switch (op.get1()) {
                case 0, 1 -> assertThat(set.add(x)).isEqualTo(model.add(x));
                case 2 -> assertThat(set.remove(x)).isEqualTo(model.remove(x));
                default -> {
                    long to = x + 70_000;
                    if (Long.compareUnsigned(to, x) < 0) {
                        to = -1L;
                    }
                    assertThat(set.firstAbsent(x, to)).isEqualTo(modelFirstAbsent(model, x, to));
                }
            }
            assertThat(set.size()).isEqualTo(model.size());
        }
        List<Long> members = new ArrayList<>();
        set.forEach(members::add);
        assertThat(members).containsExactlyElementsOf(model);
    }

    private static long modelFirstAbsent(Set<Long> model, long from, long to) {
        long x = from;
        while (model.contains(x)) {
            if (x == to) {
                return to + 1;
            }
            x++;
        }
        return Long.compareUnsigned(x, to) <= 0 ? x : to + 1;
    }

    @Provide
    Arbitrary<List<Tuple2<Integer, Long>>> operations() {
        // Dense clusters (to force array → bitmap → array conversions), chunk borders, and the top of the range.
        Arbitrary<Long> dense = Arbitraries.longs().between(0, 3 * 65536L);
        Arbitrary<Long> border = Arbitraries.longs().between(65536L - 40, 65536L + 40);
        Arbitrary<Long> top = Arbitraries.longs().between(-200L, -1L);
        Arbitrary<Long> offsets = Arbitraries.frequencyOf(
                Tuple.of(6, dense), Tuple.of(2, border), Tuple.of(1, top), Tuple.of(1, Arbitraries.longs()));
        Arbitrary<Integer> kinds = Arbitraries.integers().between(0, 3);
        Arbitrary<Tuple2<Integer, Long>> op = Arbitraries.frequencyOf(
                Tuple.of(1, kinds.flatMap(k -> offsets.map(x -> Tuple.of(k, x)))),
                // adds and removes crowded into one quarter chunk, so it crosses the array limit both ways
                Tuple.of(2, Arbitraries.longs().between(0, 16384).map(x -> Tuple.of(0, x))),
                Tuple.of(1, Arbitraries.longs().between(0, 16384).map(x -> Tuple.of(2, x))));
        return op.list().ofMinSize(1).ofMaxSize(12_000);
    }
}
