package io.shoal.engine.container;

import static io.shoal.engine.container.TestSupport.get;
import static io.shoal.engine.container.TestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.container.TestSupport.RecordingSink;
import io.shoal.engine.runtime.FakeContainerRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker logs --timestamps}, {@code --since} and {@code --until}. */
@Tag("unit")
class ContainerLogsTest {
    private static final String STAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z ";

    @TempDir
    Path root;

    private ControllerWorld world;
    private FakeContainerRuntime runtime;
    private ContainerController controller;

    @BeforeEach
    void setUp() throws Exception {
        world = ControllerWorld.start(root);
        runtime = world.runtime;
        controller = world.controller;
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private List<String> logs(String id, LogOptions options) throws Exception {
        RecordingSink sink = new RecordingSink();
        controller.logs(id, options, sink);
        get(sink.ended);
        return sink.chunks();
    }

    @Test
    void timestampsAreRfc3339WithNineFractionDigitsInUtc() {
        assertThat(new String(
                        LogTimestamps.prefix(Instant.parse("2026-11-30T01:02:03.00045Z")), StandardCharsets.UTF_8))
                .isEqualTo("2026-11-30T01:02:03.000450000Z ");
        assertThat(new String(LogTimestamps.prefix(Instant.parse("2026-11-30T01:02:03Z")), StandardCharsets.UTF_8))
                .isEqualTo("2026-11-30T01:02:03.000000000Z ");
    }

    @Test
    void eachStoredLineGetsItsTimeAndSinceAndUntilChooseByIt() throws Exception {
        String id = controller.create(Optional.of("web"), spec(List.of("sh"))).id();
        controller.start(id);
        for (String line : List.of("one\n", "two\n", "three\n")) {
            runtime.write(id, false, line);
            controller.pollOutput();
        }
        runtime.write(id, true, "oops\n");
        controller.pollOutput();
        CompletionStage<WaitResult> next = controller.await(id, WaitCondition.NEXT_EXIT);
        runtime.exit(id, 0, true);
        get(next);

        List<String> stamped =
                logs(id, new LogOptions(true, true, false, OptionalInt.empty(), Instant.EPOCH, Instant.MAX, true));
        assertThat(stamped).hasSize(4);
        assertThat(stamped.get(0)).matches("out:" + STAMP + "one\n");
        assertThat(stamped.get(3)).matches("err:" + STAMP + "oops\n");
        Instant second = Instant.parse(stamped.get(1).substring(4, 34));
        Instant third = Instant.parse(stamped.get(2).substring(4, 34));
        assertThat(second).isBefore(third);

        assertThat(logs(id, new LogOptions(true, false, false, OptionalInt.empty(), second, second, false)))
                .containsExactly("out:two\n");
        assertThat(logs(id, new LogOptions(true, true, false, OptionalInt.of(1), Instant.EPOCH, third, false)))
                .containsExactly("out:three\n");
    }

    @Test
    void followedLinesAreStampedWhereTheyStartEvenAcrossChunks() throws Exception {
        String id = controller.create(Optional.of("web"), spec(List.of("sh"))).id();
        controller.start(id);
        RecordingSink sink = new RecordingSink();
        controller.logs(
                id, new LogOptions(true, true, true, OptionalInt.empty(), Instant.EPOCH, Instant.MAX, true), sink);
        runtime.write(id, false, "par");
        controller.pollOutput();
        runtime.write(id, false, "tial\nnext\n");
        controller.pollOutput();
        CompletionStage<WaitResult> next = controller.await(id, WaitCondition.NEXT_EXIT);
        runtime.exit(id, 0, true);
        get(next);
        get(sink.ended);

        String text = sink.text().replace("out:", "");
        assertThat(text).matches(STAMP + "partial\n" + STAMP + "next\n");
    }
}
