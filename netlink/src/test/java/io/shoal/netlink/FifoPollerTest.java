package io.shoal.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** poll(2) over non-blocking FIFO read ends, with real pipes in a temporary directory (no root needed). */
@Tag("unit")
class FifoPollerTest {
    @TempDir
    Path dir;

    @Test
    void aWakeUpEndsTheWaitWithNothingReady() throws Exception {
        try (FifoPoller poller = FifoPoller.open()) {
            poller.wakeup();

            assertThat(poller.await(List.of())).isEmpty();
        }
    }

    @Test
    void aPipeNoWriterHasOpenedIsNotReady() throws Exception {
        Path fifo = fifo("quiet");
        try (FifoPoller poller = FifoPoller.open();
                FifoPoller.ReadEnd end = FifoPoller.openReadEnd(fifo)) {
            poller.wakeup(); // poll(2) returns at once and reports every descriptor's state

            assertThat(poller.await(List.of(end))).isEmpty();
            assertThat(end.read(ByteBuffer.allocateDirect(16))).isEqualTo(-1);
        }
    }

    @Test
    void reportsDataThenEndOfFile() throws Exception {
        Path fifo = fifo("out");
        try (FifoPoller poller = FifoPoller.open();
                FifoPoller.ReadEnd end = FifoPoller.openReadEnd(fifo)) {
            OutputStream writer = new FileOutputStream(fifo.toFile());
            writer.write("hello".getBytes(StandardCharsets.UTF_8));
            writer.flush();

            assertThat(poller.await(List.of(end))).containsExactly(end);
            ByteBuffer buffer = ByteBuffer.allocateDirect(64);
            assertThat(end.read(buffer)).isEqualTo(5);
            assertThat(StandardCharsets.UTF_8.decode(buffer.flip()).toString()).isEqualTo("hello");
            assertThat(end.read(buffer.clear())).as("empty, writer still open").isZero();

            writer.close();
            assertThat(poller.await(List.of(end))).containsExactly(end);
            assertThat(end.read(buffer.clear())).as("end of file").isEqualTo(-1);
        }
    }

    @Test
    void aMissingPipeIsNoSuchObject() {
        assertThatThrownBy(() -> FifoPoller.openReadEnd(dir.resolve("missing")))
                .isInstanceOf(NoSuchObjectException.class);
    }

    private Path fifo(String name) throws Exception {
        Path fifo = dir.resolve(name);
        Fifos.create(fifo);
        return fifo;
    }
}
