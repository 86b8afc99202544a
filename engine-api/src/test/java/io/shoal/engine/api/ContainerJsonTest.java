package io.shoal.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.container.ContainerState;
import io.shoal.engine.container.ContainerState.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Texts and times as docker ps and inspect show them. */
class ContainerJsonTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @ParameterizedTest
    @CsvSource({
        "0,Less than a second",
        "1,1 second",
        "59,59 seconds",
        "60,About a minute",
        "119,About a minute",
        "120,2 minutes",
        "3599,59 minutes",
        "3600,About an hour",
        "5399,About an hour",
        "5400,2 hours",
        "169199,47 hours",
        "172799,2 days",
        "172800,2 days",
        "1209600,2 weeks",
        "5184000,2 months",
        "63072000,2 years"
    })
    void humanDurationsAsGoUnits(long seconds, String text) {
        assertThat(ContainerJson.humanDuration(Duration.ofSeconds(seconds))).isEqualTo(text);
    }

    private static ContainerState state(Status status, int exit, Optional<Instant> started, Optional<Instant> done) {
        return new ContainerState(status, 0, exit, started, done, "", false);
    }

    @Test
    void statusTexts() {
        assertThat(ContainerJson.status(
                        state(Status.RUNNING, 0, Optional.of(NOW.minusSeconds(3)), Optional.empty()), NOW))
                .isEqualTo("Up 3 seconds");
        assertThat(ContainerJson.status(
                        state(Status.EXITED, 0, Optional.of(NOW.minusSeconds(9)), Optional.of(NOW.minusSeconds(2))),
                        NOW))
                .isEqualTo("Exited (0) 2 seconds ago");
        assertThat(ContainerJson.status(state(Status.CREATED, 0, Optional.empty(), Optional.empty()), NOW))
                .isEqualTo("Created");
        assertThat(ContainerJson.status(
                        state(Status.PAUSED, 0, Optional.of(NOW.minusSeconds(7200)), Optional.empty()), NOW))
                .isEqualTo("Up 2 hours (Paused)");
        assertThat(ContainerJson.status(state(Status.DEAD, 1, Optional.empty(), Optional.empty()), NOW))
                .isEqualTo("Dead");
    }

    @Test
    void commandsQuoteArgumentsWithSpaces() {
        assertThat(ContainerJson.command("sh", List.of("-c", "echo hi"))).isEqualTo("sh -c 'echo hi'");
        assertThat(ContainerJson.command("httpd", List.of())).isEqualTo("httpd");
    }

    @Test
    void timesAsGoRfc3339Nano() {
        assertThat(Times.rfc3339Nano(Instant.parse("2016-10-19T06:21:00.416543526Z")))
                .isEqualTo("2016-10-19T06:21:00.416543526Z");
        assertThat(Times.rfc3339Nano(Instant.parse("2016-10-19T06:21:00.410Z"))).isEqualTo("2016-10-19T06:21:00.41Z");
        assertThat(Times.rfc3339Nano(Instant.parse("2016-10-19T06:21:00Z"))).isEqualTo("2016-10-19T06:21:00Z");
        assertThat(Times.rfc3339Nano(Optional.empty())).isEqualTo("0001-01-01T00:00:00Z");
    }

    @Test
    void aMultiplexedFrameHasTheStreamAndTheLengthInItsHeader() {
        byte[] frame = OutputStreamBody.frame(io.shoal.engine.container.OutputSink.Stream.STDERR, new byte[300]);
        assertThat(frame).hasSize(308);
        assertThat(java.util.Arrays.copyOf(frame, 8)).containsExactly(2, 0, 0, 0, 0, 0, 1, 44);
    }
}
