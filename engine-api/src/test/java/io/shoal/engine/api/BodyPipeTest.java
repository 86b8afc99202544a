package io.shoal.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The streamed body's buffer and its back-pressure, driven by hand (no threads, no timing). */
class BodyPipeTest {
    private final AtomicInteger resumed = new AtomicInteger();
    private final BodyPipe pipe = new BodyPipe(resumed::incrementAndGet);

    @Test
    void readsWhatWasOfferedInOrderThenEnds() throws IOException {
        pipe.offer(new byte[] {1, 2, 3}, false);
        pipe.offer(new byte[] {4}, true);

        assertThat(pipe.readAllBytes()).containsExactly(1, 2, 3, 4);
        assertThat(pipe.read()).isEqualTo(-1);
    }

    @Test
    void aboveTheHighWaterMarkReadingPausesAndResumesOnceBelowTheLowOne() throws IOException {
        byte[] chunk = new byte[64 * 1024];
        int chunks = BodyPipe.HIGH_WATER / chunk.length;
        for (int i = 0; i < chunks - 1; i++) {
            pipe.offer(chunk, false);
            assertThat(pipe.wantsMore()).isTrue();
        }
        pipe.offer(chunk, false);
        assertThat(pipe.wantsMore()).as("1 MiB buffered").isFalse();

        byte[] into = new byte[chunk.length];
        int drained = 0;
        while (BodyPipe.HIGH_WATER - drained >= BodyPipe.LOW_WATER) {
            assertThat(resumed).hasValue(0);
            drained += pipe.read(into, 0, into.length);
        }
        assertThat(resumed).as("resumed once the buffer fell below 256 KiB").hasValue(1);
        pipe.read(into, 0, into.length);
        assertThat(resumed).hasValue(1);
    }

    @Test
    void aClosedConnectionFailsTheReader() {
        pipe.offer(new byte[] {1}, false);
        pipe.fail(new IOException("gone"));

        assertThatThrownBy(pipe::readAllBytes).isInstanceOf(IOException.class).hasMessage("gone");
    }

    @Test
    void whatTheHandlerLeavesIsDroppedAndTheEndIsAwaited() {
        AtomicInteger answered = new AtomicInteger();
        pipe.offer(new byte[100], false);

        pipe.discardRest(answered::incrementAndGet);
        assertThat(answered).hasValue(0);
        pipe.offer(new byte[BodyPipe.HIGH_WATER * 2], false);
        assertThat(pipe.wantsMore()).as("dropping never pauses").isTrue();
        pipe.offer(new byte[0], true);
        assertThat(answered).hasValue(1);
    }
}
