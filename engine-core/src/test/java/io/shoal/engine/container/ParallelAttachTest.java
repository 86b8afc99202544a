package io.shoal.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Many tasks on a few threads: each item once, all done on return, a stray failure rethrown after the rest. */
class ParallelAttachTest {
    @Test
    void everyItemRunsOnceAndAllAreDoneOnReturn() {
        List<Integer> items = IntStream.range(0, 200).boxed().toList();
        Set<Integer> done = ConcurrentHashMap.newKeySet();
        Set<String> threads = ConcurrentHashMap.newKeySet();

        ParallelAttach.run(items, 8, item -> {
            threads.add(Thread.currentThread().getName());
            assertThat(done.add(item)).isTrue();
        });

        assertThat(done).hasSize(200);
        assertThat(threads)
                .allMatch(name -> name.startsWith("shoal-early-dns-"))
                .hasSizeLessThanOrEqualTo(8);
    }

    @Test
    void aTaskThatThrowsIsRethrownAfterTheOthersRan() {
        Set<Integer> done = ConcurrentHashMap.newKeySet();

        assertThatThrownBy(() -> ParallelAttach.run(List.of(1, 2, 3, 4), 2, item -> {
                    if (item == 2) {
                        throw new IllegalStateException("item 2");
                    }
                    done.add(item);
                }))
                .hasMessage("item 2");
        assertThat(done).containsExactlyInAnyOrder(1, 3, 4);
    }
}
