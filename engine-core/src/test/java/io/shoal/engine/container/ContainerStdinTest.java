package io.shoal.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The copy of a client's stdin into a process's: EOF, StdinOnce, detach keys; and the pipe between them. */
@Tag("unit")
class ContainerStdinTest {
    private final AtomicInteger detached = new AtomicInteger();

    private static InputStream client(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String drain(StdinPipe pipe) throws IOException {
        return new String(pipe.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void withCloseAtEndTheClientsEofClosesStdinAndTheAttachGoesOn() throws IOException {
        StdinPipe pipe = new StdinPipe();
        ContainerStdin.copy(client("hi\n"), pipe, true, Optional.empty(), detached::incrementAndGet);
        assertThat(pipe.inputEnded()).isTrue();
        assertThat(drain(pipe)).isEqualTo("hi\n"); // ends: EOF after the data
        assertThat(detached).hasValue(0);
    }

    @Test
    void withoutCloseAtEndTheClientsEofEndsTheAttachAndStdinStaysOpen() {
        StdinPipe pipe = new StdinPipe();
        ContainerStdin.copy(client("one\n"), pipe, false, Optional.empty(), detached::incrementAndGet);
        assertThat(pipe.inputEnded()).isFalse();
        assertThat(pipe.available()).isEqualTo(4);
        assertThat(detached).hasValue(1);
    }

    @Test
    void aClientThatFailsClosesStdinWithCloseAtEnd() {
        StdinPipe pipe = new StdinPipe();
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                throw new IOException("connection reset");
            }
        };
        ContainerStdin.copy(failing, pipe, true, Optional.empty(), detached::incrementAndGet);
        assertThat(pipe.inputEnded()).isTrue();
        assertThat(detached).hasValue(1);
    }

    @Test
    void detachKeysEndTheAttachAndAreNotPassedOnWhileBrokenSequencesAre() throws IOException {
        StdinPipe pipe = new StdinPipe();
        ContainerStdin.copy(
                client("ab\u0010c\u0010\u0010\u0011after"),
                pipe,
                false,
                Optional.of(ContainerStdin.DEFAULT_DETACH_KEYS),
                detached::incrementAndGet);
        assertThat(detached).hasValue(1);
        assertThat(pipe.inputEnded()).isFalse();
        pipe.endInput();
        // ctrl-p then c: passed on; ctrl-p ctrl-p ctrl-q: the first ctrl-p passed on, the pair detaches.
        assertThat(drain(pipe)).isEqualTo("ab\u0010c\u0010");
    }

    @Test
    void detachKeysParseDockersSyntax() {
        assertThat(ContainerStdin.parseDetachKeys("")).containsExactly(0x10, 0x11);
        assertThat(ContainerStdin.parseDetachKeys("ctrl-a,x")).containsExactly(1, 'x');
        assertThat(ContainerStdin.parseDetachKeys("ctrl-[,ctrl-_,ctrl-@")).containsExactly(27, 31, 0);
        assertThatThrownBy(() -> ContainerStdin.parseDetachKeys("ctrl-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ctrl-1");
    }

    @Test
    void aClosedPipeRefusesWritesAndReadsEmpty() throws IOException {
        StdinPipe pipe = new StdinPipe();
        pipe.write(new byte[] {1, 2}, 0, 2);
        pipe.close();
        assertThat(pipe.read()).isEqualTo(-1);
        assertThatThrownBy(() -> pipe.write(new byte[] {3}, 0, 1)).isInstanceOf(IOException.class);
    }

    @Test
    void aPipeWrapsAroundItsBuffer() throws IOException {
        StdinPipe pipe = new StdinPipe();
        byte[] chunk = new byte[StdinPipe.CAPACITY - 10];
        pipe.write(chunk, 0, chunk.length);
        assertThat(pipe.readNBytes(chunk.length)).hasSize(chunk.length);
        byte[] text = "across the end".getBytes(StandardCharsets.US_ASCII);
        pipe.write(text, 0, text.length);
        pipe.endInput();
        assertThat(pipe.readAllBytes()).isEqualTo(text);
    }

    @Test
    void aRunTakesWhatWasSentBeforeItsStartAndEndingItClosesStdin() throws IOException {
        ContainerStdin stdin = new ContainerStdin();
        stdin.attach(client("early\n"), true, Optional.empty(), detached::incrementAndGet, Runnable::run);
        StdinPipe run = stdin.beginRun();
        assertThat(drain(run)).isEqualTo("early\n");
        stdin.endRun();
        StdinPipe next = stdin.beginRun();
        assertThat(next).isNotSameAs(run);
        stdin.endRun();
        assertThat(next.read()).isEqualTo(-1);
    }
}
