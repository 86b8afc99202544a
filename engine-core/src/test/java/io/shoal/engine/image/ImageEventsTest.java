package io.shoal.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.events.EngineEvent;
import io.shoal.engine.events.EventBus;
import io.shoal.engine.store.FakeEngineStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ImageEventsTest {
    @TempDir
    Path root;

    private final Set<String> inUse = new HashSet<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-30T04:00:00Z"), ZoneOffset.UTC);
    private final EventBus bus = new EventBus(clock);
    private ImageController images;

    @BeforeEach
    void setUp() throws Exception {
        images = new ImageController(
                new FakeEngineStore(),
                new FakeRootfsUnpacker(),
                root,
                id -> inUse.contains(id) ? Optional.of("c0ffee0123456789") : Optional.empty(),
                clock);
        images.restore();
        images.publishEventsTo(bus);
    }

    @Test
    void anImportAndItsRemovalArePublishedWithTheImagesLabels() throws Exception {
        ImageView image = images.importRootfs(
                new ByteArrayInputStream("rootfs".getBytes(StandardCharsets.UTF_8)),
                Optional.of("busybox"),
                "Imported from -",
                List.of("LABEL team=net"));
        images.remove("busybox", false);

        List<EngineEvent> events = bus.recent();
        assertThat(events).extracting(EngineEvent::action).containsExactly("import", "untag", "delete");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.type()).isEqualTo(EngineEvent.IMAGE);
            assertThat(event.actorId()).isEqualTo(image.id());
            assertThat(event.attributes()).containsEntry("team", "net").containsEntry("name", image.id());
        });
    }

    @Test
    void aTagIsPublishedWithTheNewReference() throws Exception {
        ImageView image = images.importRootfs(
                new ByteArrayInputStream("rootfs".getBytes(StandardCharsets.UTF_8)),
                Optional.of("busybox"),
                "Imported from -",
                List.of());

        images.tag("busybox", "busybox:2");

        EngineEvent tagged = bus.recent().get(1);
        assertThat(tagged.action()).isEqualTo("tag");
        assertThat(tagged.actorId()).isEqualTo(image.id());
        assertThat(tagged.attributes()).containsEntry("name", "busybox:2");
    }

    @Test
    void aRefusedRemovalPublishesNothing() throws Exception {
        ImageView image = images.importRootfs(
                new ByteArrayInputStream("rootfs".getBytes(StandardCharsets.UTF_8)),
                Optional.of("busybox"),
                "Imported from -",
                List.of());
        inUse.add(image.id());

        assertThatThrownBy(() -> images.remove("busybox", false)).isInstanceOf(Exception.class);

        assertThat(bus.recent()).extracting(EngineEvent::action).containsExactly("import");
    }
}
