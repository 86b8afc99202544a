package io.shoal.engine.container;

import static io.shoal.engine.container.TestSupport.get;
import static io.shoal.engine.container.TestSupport.spec;
import static io.shoal.engine.container.TestSupport.tarball;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.container.TestSupport.RecordingSink;
import io.shoal.engine.dns.FakeNameService;
import io.shoal.engine.image.FakeRootfsUnpacker;
import io.shoal.engine.image.ImageController;
import io.shoal.engine.network.FakeNetworkAttachments;
import io.shoal.engine.runtime.FakeContainerRuntime;
import io.shoal.engine.sandbox.FakeSandboxHost;
import io.shoal.engine.store.FakeEngineStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
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

    private final FakeContainerRuntime runtime = new FakeContainerRuntime();
    private final AtomicReference<ContainerController> current = new AtomicReference<>();
    private ContainerController controller;

    @BeforeEach
    void setUp() throws Exception {
        FakeEngineStore store = new FakeEngineStore();
        FakeNetworkAttachments networks = new FakeNetworkAttachments();
        networks.add("bridge", "bridge", true, false, "172.17.0.0/16", null);
        FakeSandboxHost sandboxes = new FakeSandboxHost();
        sandboxes.hostResolvConf("nameserver 10.0.0.2\n");
        TestSupport.TickingClock clock = new TestSupport.TickingClock();
        ImageController images = new ImageController(
                store, new FakeRootfsUnpacker(), root, id -> current.get().containerUsing(id), clock);
        images.restore();
        images.importRootfs(tarball("busybox"), Optional.of("busybox"), "", List.of("CMD [\"sh\"]"));
        controller = new ContainerController(
                store, runtime, networks, sandboxes, new FakeNameService(), images, root, clock, Duration.ofHours(1));
        current.set(controller);
        controller.restore();
    }

    @AfterEach
    void tearDown() {
        controller.close();
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
