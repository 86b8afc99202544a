package io.shoal.engine.container;

import io.shoal.engine.network.EndpointSettings;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Builders and recorders shared by the container tests. */
final class TestSupport {
    private TestSupport() {}

    static InputStream tarball(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static HostSettings host(String networkMode) {
        return new HostSettings(
                networkMode, Map.of(), false, false, "no", 0, List.of(), List.of(), List.of(), List.of());
    }

    static ContainerSpec spec(
            String image, List<String> cmd, HostSettings host, Map<String, EndpointSettings> endpoints) {
        return new ContainerSpec(
                image,
                cmd,
                List.of(),
                List.of(),
                Map.of(),
                Optional.empty(),
                "",
                "",
                "",
                false,
                false,
                true,
                true,
                Set.of(),
                Optional.empty(),
                Optional.empty(),
                host,
                endpoints);
    }

    static ContainerSpec spec(List<String> cmd) {
        return spec("busybox", cmd, host("default"), Map.of());
    }

    /** Waits for a stage the code under test completes on its own thread (a guard, not a timing assertion). */
    static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** A clock one second further at each reading, so that creation times differ. */
    static final class TickingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            now = now.plusSeconds(1);
            return now;
        }
    }

    /** Records chunks as {@code out:TEXT} / {@code err:TEXT}; {@link #ended} completes at end. */
    static final class RecordingSink implements OutputSink {
        final List<String> chunks = new ArrayList<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        int ends;

        @Override
        public synchronized void write(Stream stream, byte[] chunk) {
            chunks.add((stream == Stream.STDOUT ? "out:" : "err:") + new String(chunk, StandardCharsets.UTF_8));
        }

        @Override
        public synchronized void end() {
            ends++;
            ended.complete(null);
        }

        synchronized List<String> chunks() {
            return List.copyOf(chunks);
        }

        synchronized String text() {
            return String.join("", chunks);
        }
    }
}
