package io.shoal.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the periodic poller's look at a container's output files finds, call by call (no clock involved). */
class OutputTailerTest {
    @TempDir
    Path dir;

    private final List<String> received = new ArrayList<>();

    @Test
    void missingFilesCountAsEmptyAndAreFollowedFromTheirStart() throws IOException {
        OutputTailer tailer = OutputTailer.fromEnd(dir.resolve("stdout"), dir.resolve("stderr"));
        tailer.poll(this::receive);
        append("stderr", "late");

        tailer.poll(this::receive);

        assertThat(received).containsExactly("STDERR:late");
    }

    @Test
    void anIdleTailerLooksEverySecondCallAndABusyOneEveryCall() throws IOException {
        append("stdout", "old");
        OutputTailer tailer = OutputTailer.fromEnd(dir.resolve("stdout"), dir.resolve("stderr"));
        for (int i = 0; i < OutputTailer.IDLE_AFTER; i++) {
            assertThat(tailer.pollWhenDue(this::receive))
                    .as("look %d before the back-off", i)
                    .isTrue();
        }
        append("stdout", "a");

        // Backed off: the first call skips, the second finds the output (at most two intervals late).
        assertThat(tailer.pollWhenDue(this::receive)).isFalse();
        assertThat(received).isEmpty();
        assertThat(tailer.pollWhenDue(this::receive)).isTrue();
        assertThat(received).containsExactly("STDOUT:a");

        // Output seen: every call looks again.
        append("stderr", "b");
        assertThat(tailer.pollWhenDue(this::receive)).isTrue();
        assertThat(received).containsExactly("STDOUT:a", "STDERR:b");
        assertThat(tailer.pollWhenDue(this::receive)).isTrue();
    }

    @Test
    void aForcedPollNeverSkips() throws IOException {
        OutputTailer tailer = OutputTailer.fromEnd(dir.resolve("stdout"), dir.resolve("stderr"));
        for (int i = 0; i < 2 * OutputTailer.IDLE_AFTER; i++) {
            tailer.pollWhenDue(this::receive);
        }
        append("stdout", "now");

        tailer.poll(this::receive);

        assertThat(received).containsExactly("STDOUT:now");
    }

    private void receive(OutputSink.Stream stream, byte[] bytes) {
        received.add(stream + ":" + new String(bytes, StandardCharsets.UTF_8));
    }

    private void append(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
