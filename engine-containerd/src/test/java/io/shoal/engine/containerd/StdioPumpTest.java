package io.shoal.engine.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.runtime.Stdio;
import io.shoal.netlink.Fifos;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-thread stdio pump over real named pipes in a temporary directory (no root needed). */
@Tag("unit")
class StdioPumpTest {
    /** A deadline against a hang, not a measurement: every wait below ends as soon as the copy does. */
    private static final long DEADLINE_SECONDS = 60;

    @TempDir
    Path dir;

    private final StdioPump pump = new StdioPump();

    @AfterEach
    void close() {
        pump.close();
    }

    @Test
    void copiesAPipeToTheEndOfItsFileAndEndsAtEndOfFile() throws Exception {
        Path fifo = fifo("out");
        Path file = dir.resolve("out.log");
        Files.writeString(file, "earlier\n");
        StdioPump.Copy copy = pump.start(fifo, Optional.of(file));

        try (OutputStream writer = new FileOutputStream(fifo.toFile())) {
            writer.write("one\n".getBytes(StandardCharsets.UTF_8));
            writer.flush();
            assertThat(copy.awaitEnd(0, TimeUnit.SECONDS))
                    .as("no end while the writer is open")
                    .isFalse();
            writer.write("two\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(copy.awaitEnd(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(file)).isEqualTo("earlier\none\ntwo\n");
    }

    @Test
    void copiesMoreThanAPipeAndABufferHoldIntact() throws Exception {
        Path fifo = fifo("big");
        Path file = dir.resolve("big.log");
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(11).nextBytes(data);
        StdioPump.Copy copy = pump.start(fifo, Optional.of(file));

        try (OutputStream writer = new FileOutputStream(fifo.toFile())) {
            writer.write(data);
        }

        assertThat(copy.awaitEnd(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
    }

    @Test
    void drainsADiscardedStreamSoItsWriterNeverBlocks() throws Exception {
        Path fifo = fifo("discarded");
        StdioPump.Copy copy = pump.start(fifo, Optional.empty());

        try (OutputStream writer = new FileOutputStream(fifo.toFile())) {
            writer.write(new byte[1024 * 1024]); // 16 times a pipe's capacity: blocks forever unless read
        }

        assertThat(copy.awaitEnd(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void copiesManyPipesAtOnceWithOneThread() throws Exception {
        int pipes = 40;
        List<StdioPump.Copy> copies = new ArrayList<>();
        List<OutputStream> writers = new ArrayList<>();
        for (int i = 0; i < pipes; i++) {
            copies.add(pump.start(fifo("p" + i), Optional.of(dir.resolve("p" + i + ".log"))));
            writers.add(new FileOutputStream(dir.resolve("p" + i).toFile()));
        }
        for (int line = 0; line < 3; line++) {
            for (int i = 0; i < pipes; i++) {
                writers.get(i).write(("pipe " + i + " line " + line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        long pumpThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("stdio"))
                .count();
        for (OutputStream writer : writers) {
            writer.close();
        }

        assertThat(pumpThreads).isEqualTo(1);
        for (int i = 0; i < pipes; i++) {
            assertThat(copies.get(i).awaitEnd(DEADLINE_SECONDS, TimeUnit.SECONDS))
                    .isTrue();
            assertThat(Files.readString(dir.resolve("p" + i + ".log")))
                    .isEqualTo("pipe " + i + " line 0\npipe " + i + " line 1\npipe " + i + " line 2\n");
        }
    }

    @Test
    void aCancelledCopyEndsWithoutAWriter() throws Exception {
        Path fifo = fifo("never");
        StdioPump.Copy copy = pump.start(fifo, Optional.of(dir.resolve("never.log")));

        copy.cancel();

        assertThat(copy.awaitEnd(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(dir.resolve("never.log")).isEmptyFile();
    }

    @Test
    void abandonedPipesAreReleasedAndRemoved() throws Exception {
        Stdio stdio = Stdio.toFiles(dir.resolve("o.log"), dir.resolve("e.log"));
        StdioPipes pipes = StdioPipes.create(pump, dir.resolve("io"), "init", stdio, "c1");
        pipes.startCopying("c1", () -> {});

        pipes.abandon(); // the shim never opened the pipes: no end of file will come

        assertThat(dir.resolve("io")).isEmptyDirectory();
    }

    @Test
    void aProcessEndsOnlyAfterItsOutputIsCopied() throws Exception {
        Path out = dir.resolve("o.log");
        Path err = dir.resolve("e.log");
        StdioPipes pipes = StdioPipes.create(pump, dir.resolve("io"), "init", Stdio.toFiles(out, err), "c1");
        pipes.startCopying("c1", () -> {});
        try (OutputStream stdout = new FileOutputStream(pipes.stdoutUri());
                OutputStream stderr = new FileOutputStream(pipes.stderrUri())) {
            stdout.write("to stdout\n".getBytes(StandardCharsets.UTF_8));
            stderr.write("to stderr\n".getBytes(StandardCharsets.UTF_8));
        }

        pipes.drainAndRemove();

        assertThat(Files.readString(out)).isEqualTo("to stdout\n");
        assertThat(Files.readString(err)).isEqualTo("to stderr\n");
        assertThat(dir.resolve("io")).isEmptyDirectory();
    }

    private Path fifo(String name) throws Exception {
        Path fifo = dir.resolve(name);
        Fifos.create(fifo);
        return fifo;
    }
}
