package io.shoal.engine.image;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image as stored in collection {@code image}: id ({@code sha256:<64 hex>}), tags ({@code repo:tag}), creation
 * time, unpacked size in bytes, import comment, the SHA-256 of the tarball as received (64 hex), and the defaults
 * containers inherit.
 */
public record ImageRecord(
        String id,
        List<String> repoTags,
        Instant created,
        long size,
        String comment,
        String layerSha256,
        ImageDefaults defaults) {
    public ImageRecord {
        Objects.requireNonNull(id, "id");
        repoTags = List.copyOf(repoTags);
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(layerSha256, "layerSha256");
        Objects.requireNonNull(defaults, "defaults");
    }

    /** The 64 hex digits of the id. */
    public String hex() {
        return id.substring(ImageController.SHA256_PREFIX.length());
    }

    ImageView view() {
        return new ImageView(
                id,
                repoTags,
                created,
                size,
                comment,
                defaults.env(),
                defaults.cmd(),
                defaults.entrypoint(),
                defaults.workingDir(),
                defaults.labels());
    }

    ImageRecord withTags(List<String> tags) {
        return new ImageRecord(id, tags, created, size, comment, layerSha256, defaults);
    }

    /** What containers inherit: environment, command, entrypoint, working directory, labels. */
    public record ImageDefaults(
            List<String> env,
            List<String> cmd,
            List<String> entrypoint,
            String workingDir,
            Map<String, String> labels) {
        public ImageDefaults {
            env = List.copyOf(env);
            cmd = List.copyOf(cmd);
            entrypoint = List.copyOf(entrypoint);
            Objects.requireNonNull(workingDir, "workingDir");
            labels = Map.copyOf(labels);
        }

        /** No defaults. */
        public static ImageDefaults none() {
            return new ImageDefaults(List.of(), List.of(), List.of(), "", Map.of());
        }
    }
}
