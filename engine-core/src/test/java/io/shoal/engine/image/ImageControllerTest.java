package io.shoal.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.filter.Filters;
import io.shoal.engine.store.FakeEngineStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ImageControllerTest {
    @TempDir
    Path root;

    private final FakeEngineStore store = new FakeEngineStore();
    private final Set<String> inUse = new HashSet<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private boolean frozen;
    private ImageController images;

    @BeforeEach
    void setUp() throws Exception {
        images = newController();
        images.restore();
    }

    private ImageController newController() {
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                if (!frozen) {
                    now = now.plusSeconds(1);
                }
                return now;
            }
        };
        return new ImageController(
                store,
                new FakeRootfsUnpacker(),
                root,
                id -> inUse.contains(id) ? Optional.of("c0ffee0123456789") : Optional.empty(),
                clock);
    }

    private static InputStream tar(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private ImageView importTagged(String content, String reference) throws EngineException {
        return images.importRootfs(tar(content), Optional.of(reference), "Imported from -", List.of());
    }

    private List<Path> imageDirs() throws IOException {
        try (Stream<Path> list = Files.list(root.resolve("images"))) {
            return list.toList();
        }
    }

    @Test
    void anImportIsUnpackedUnderItsIdAndFoundByReferenceIdAndPrefix() throws Exception {
        ImageView image = importTagged("rootfs bytes", "busybox");
        assertThat(image.id()).matches("sha256:[0-9a-f]{64}");
        assertThat(image.repoTags()).containsExactly("busybox:latest");
        assertThat(image.size()).isEqualTo("rootfs bytes".length());
        String hex = image.id().substring("sha256:".length());
        Path rootfs = root.resolve("images").resolve(hex).resolve("rootfs");
        assertThat(Files.readString(rootfs.resolve("content"))).isEqualTo("rootfs bytes");
        assertThat(imageDirs()).containsExactly(root.resolve("images").resolve(hex));
        assertThat(images.rootfs(image.id())).isEqualTo(rootfs);

        assertThat(images.inspect("busybox").id()).isEqualTo(image.id());
        assertThat(images.inspect("busybox:latest").id()).isEqualTo(image.id());
        assertThat(images.inspect(image.id()).id()).isEqualTo(image.id());
        assertThat(images.inspect(hex).id()).isEqualTo(image.id());
        assertThat(images.inspect(hex.substring(0, 8)).id()).isEqualTo(image.id());
        assertThat(images.list(Filters.none())).extracting(ImageView::id).containsExactly(image.id());
    }

    @Test
    void theIdIsTheDigestOfTheCanonicalConfiguration() throws Exception {
        ImageView image = images.importRootfs(tar("x"), Optional.empty(), "c", List.of("CMD [\"sh\"]"));
        String layer = store.load(ImageController.IMAGES).get(image.id()).layerSha256();
        String text = ImageController.configText(
                layer,
                image.created(),
                "c",
                new ImageRecord.ImageDefaults(List.of(), List.of("sh"), List.of(), "", Map.of()));
        String digest = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(image.id()).isEqualTo("sha256:" + digest);
        assertThat(text).contains("layer sha256:" + layer + "\n", "cmd [\"sh\"]\n");
    }

    @Test
    void aTagIsAddedMovedOffAnotherImageAndKeptAcrossARestart() throws Exception {
        ImageView first = importTagged("one", "app:1");
        ImageView second = importTagged("two", "app:2");

        images.tag("app:1", "app:stable");
        images.tag(first.id(), "app");
        images.tag("app:2", "app:stable");
        images.tag("app:2", "app:stable");

        assertThat(images.inspect("app:stable").id()).isEqualTo(second.id());
        assertThat(images.inspect(first.id()).repoTags()).containsExactlyInAnyOrder("app:1", "app:latest");
        assertThat(images.inspect(second.id()).repoTags()).containsExactlyInAnyOrder("app:2", "app:stable");
        ImageController restarted = newController();
        restarted.restore();
        assertThat(restarted.inspect("app:stable").id()).isEqualTo(second.id());
        assertThat(restarted.inspect("app").id()).isEqualTo(first.id());
    }

    @Test
    void docker_ioNamesAreStoredAndFoundInTheirFamiliarForm() throws Exception {
        ImageView image = importTagged("one", "busybox");

        images.tag("docker.io/library/busybox:latest", "docker.io/myrepo/bb:v1");
        images.tag("busybox", "docker.io/library/bb2");

        assertThat(images.inspect(image.id()).repoTags())
                .containsExactlyInAnyOrder("busybox:latest", "myrepo/bb:v1", "bb2:latest");
        assertThat(images.inspect("myrepo/bb:v1").id()).isEqualTo(image.id());
        assertThat(images.inspect("bb2").id()).isEqualTo(image.id());
        assertThat(images.inspect("docker.io/library/bb2:latest").id()).isEqualTo(image.id());
        assertThat(images.remove("bb2", false))
                .containsExactly(new ImageRemoval(ImageRemoval.Kind.UNTAGGED, "bb2:latest"));
    }

    @Test
    void aTagOfNoImageOrWithABadNameIsRefusedAndChangesNothing() throws Exception {
        ImageView image = importTagged("one", "app:1");

        assertThatThrownBy(() -> images.tag("nosuch", "app:2"))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
        assertThatThrownBy(() -> images.tag("app:1", "Bad:Name"))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThatThrownBy(() -> images.tag("app:1", image.id().substring("sha256:".length())))
                .hasMessageContaining("cannot specify 64-byte hexadecimal strings")
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(images.inspect(image.id()).repoTags()).containsExactly("app:1");
    }

    @Test
    void anUnknownImageIsNotFoundWithItsFullReference() {
        assertThatThrownBy(() -> images.inspect("busybox"))
                .hasMessage("No such image: busybox:latest")
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
        assertThatThrownBy(() -> images.inspect("busybox:1.36")).hasMessage("No such image: busybox:1.36");
    }

    @Test
    void aFailedImportLeavesNothing() throws Exception {
        assertThatThrownBy(() -> importTagged("not a tar", "bad"))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(imageDirs()).isEmpty();
        assertThat(store.load(ImageController.IMAGES)).isEmpty();
        assertThatThrownBy(() -> images.importRootfs(tar("x"), Optional.of("Bad Name"), "", List.of()))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThatThrownBy(() -> images.importRootfs(tar("x"), Optional.empty(), "", List.of("RUN make")))
                .hasMessage("RUN is not a valid change command");
        assertThat(imageDirs()).isEmpty();
    }

    @Test
    void aTagMovesToTheNewestImportAndTheOldImageBecomesDangling() throws Exception {
        ImageView first = importTagged("one", "app:1");
        ImageView second = importTagged("two", "app:1");
        assertThat(images.inspect("app:1").id()).isEqualTo(second.id());
        assertThat(images.inspect(first.id()).repoTags()).isEmpty();
        assertThat(images.list(new Filters(Map.of("dangling", Set.of("true")))))
                .extracting(ImageView::id)
                .containsExactly(first.id());
        assertThat(images.list(new Filters(Map.of("reference", Set.of("app")))))
                .extracting(ImageView::id)
                .containsExactly(second.id());
        assertThat(images.list(Filters.none())).extracting(ImageView::id).containsExactly(second.id(), first.id());
        assertThatThrownBy(() -> images.list(new Filters(Map.of("before", Set.of("x")))))
                .hasMessage("invalid filter 'before'");
    }

    @Test
    void removingATagOfSeveralUntagsOnlyAndAnImageInUseNeedsForce() throws Exception {
        frozen = true;
        ImageView image = importTagged("one", "app:1");
        // Same bytes, time, comment and defaults: the same id, so the second import adds a tag.
        assertThat(importTagged("one", "app:2").id()).isEqualTo(image.id());
        frozen = false;
        assertThat(images.inspect(image.id()).repoTags()).containsExactly("app:1", "app:2");
        ImageView other = importTagged("two", "tool");
        String hex = image.id().substring("sha256:".length());

        inUse.add(other.id());
        assertThatThrownBy(() -> images.remove("tool", false))
                .hasMessageStartingWith("conflict: unable to remove repository reference \"tool\" (must force) -"
                        + " container c0ffee012345 is using its referenced image")
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.CONFLICT);
        assertThat(images.remove("tool", true))
                .containsExactly(new ImageRemoval(ImageRemoval.Kind.UNTAGGED, "tool:latest"));
        assertThat(images.inspect(other.id()).repoTags()).isEmpty();

        assertThatThrownBy(() -> images.remove(image.id(), false))
                .hasMessageEndingWith("(must be forced) - image is referenced in multiple repositories");
        assertThat(images.remove("app:2", false))
                .containsExactly(new ImageRemoval(ImageRemoval.Kind.UNTAGGED, "app:2"));
        assertThat(images.remove("app:1", false))
                .containsExactly(
                        new ImageRemoval(ImageRemoval.Kind.UNTAGGED, "app:1"),
                        new ImageRemoval(ImageRemoval.Kind.DELETED, image.id()));
        assertThat(Files.exists(root.resolve("images").resolve(hex))).isFalse();
        assertThatThrownBy(() -> images.rootfs(image.id()))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void anIdWrittenAsBareHexRemovesTheImageNotATag() throws Exception {
        frozen = true;
        ImageView image = importTagged("one", "app:1");
        importTagged("one", "app:2");
        frozen = false;
        String hex = image.id().substring("sha256:".length());

        // The docker CLI sends `docker rmi 70462f4da898` as the bare short hex: an id, not the tag
        // "70462f4da898:latest".
        assertThatThrownBy(() -> images.remove(hex.substring(0, 12), false))
                .hasMessage("conflict: unable to delete " + hex.substring(0, 12)
                        + " (must be forced) - image is referenced in multiple repositories")
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.CONFLICT);
        assertThat(images.inspect(image.id()).repoTags()).containsExactly("app:1", "app:2");

        inUse.add(image.id());
        images.remove("app:2", false);
        assertThatThrownBy(() -> images.remove(hex, false))
                .hasMessage("conflict: unable to delete " + hex.substring(0, 12)
                        + " (must be forced) - image is being used by container c0ffee012345");
        inUse.clear();

        assertThat(images.remove(hex.substring(0, 12), true))
                .containsExactly(
                        new ImageRemoval(ImageRemoval.Kind.UNTAGGED, "app:1"),
                        new ImageRemoval(ImageRemoval.Kind.DELETED, image.id()));
        assertThat(Files.exists(root.resolve("images").resolve(hex))).isFalse();
    }

    @Test
    void changesSetTheDefaultsInBothForms() throws Exception {
        ImageView image = images.importRootfs(
                tar("x"),
                Optional.of("svc"),
                "",
                List.of(
                        "CMD echo hello world",
                        "ENTRYPOINT [\"/bin/tini\", \"--\"]",
                        "ENV A=1 B=\"two words\"",
                        "ENV C 3",
                        "WORKDIR /srv",
                        "LABEL tier=web owner=\"ops team\""));
        assertThat(image.cmd()).containsExactly("/bin/sh", "-c", "echo hello world");
        assertThat(image.entrypoint()).containsExactly("/bin/tini", "--");
        assertThat(image.env()).containsExactly("A=1", "B=two words", "C=3");
        assertThat(image.workingDir()).isEqualTo("/srv");
        assertThat(image.labels()).isEqualTo(Map.of("tier", "web", "owner", "ops team"));
        assertThat(images.list(new Filters(Map.of("label", Set.of("tier=web")))))
                .hasSize(1);
        assertThatThrownBy(() -> images.importRootfs(tar("x"), Optional.empty(), "", List.of("CMD [\"unterminated")))
                .extracting(e -> ((EngineException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void restoreForgetsRecordsWithoutADirectoryAndRemovesLeftoverImports() throws Exception {
        ImageView kept = importTagged("one", "kept");
        ImageView lost = importTagged("two", "lost");
        ImageController.deleteTree(root.resolve("images").resolve(lost.id().substring(7)));
        Files.createDirectories(root.resolve("images").resolve("tmp-0123").resolve("rootfs"));

        images = newController();
        images.restore();
        assertThat(images.list(Filters.none())).extracting(ImageView::id).containsExactly(kept.id());
        assertThat(store.load(ImageController.IMAGES)).containsOnlyKeys(kept.id());
        assertThat(imageDirs())
                .containsExactly(root.resolve("images").resolve(kept.id().substring(7)));
    }
}
