package io.shoal.engine.image;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image as {@code docker images} and {@code image inspect} show it: id ({@code sha256:<64 hex>}, the digest of
 * its configuration), references ({@code busybox:latest}), creation time, size in bytes of its unpacked root
 * filesystem, the import comment, and the defaults containers inherit: environment, command, entrypoint, working
 * directory, labels (changed with {@code docker import -c}).
 */
public record ImageView(
        String id,
        List<String> repoTags,
        Instant created,
        long size,
        String comment,
        List<String> env,
        List<String> cmd,
        List<String> entrypoint,
        String workingDir,
        Map<String, String> labels) {
    public ImageView {
        Objects.requireNonNull(id, "id");
        repoTags = List.copyOf(repoTags);
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(comment, "comment");
        env = List.copyOf(env);
        cmd = List.copyOf(cmd);
        entrypoint = List.copyOf(entrypoint);
        Objects.requireNonNull(workingDir, "workingDir");
        labels = Map.copyOf(labels);
    }
}
