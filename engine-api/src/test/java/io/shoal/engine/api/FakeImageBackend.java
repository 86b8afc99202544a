package io.shoal.engine.api;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.filter.Filters;
import io.shoal.engine.image.ImageBackend;
import io.shoal.engine.image.ImageRemoval;
import io.shoal.engine.image.ImageView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory {@link ImageBackend}: an import reads the whole stream, and the image's id is the SHA-256 of what it
 * read; it records how many bytes came, on which thread, and the import's arguments. A tarball starting with {@code
 * NOTATAR} is refused as the real backend refuses a non-tar.
 */
final class FakeImageBackend implements ImageBackend {
    static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");

    private final Map<String, ImageView> images = new LinkedHashMap<>();
    volatile long importedBytes;
    volatile String importThread;
    volatile String lastComment;
    volatile List<String> lastChanges;
    volatile Optional<String> lastReference;
    volatile Filters lastListed;

    /** Adds an image as if imported, tagged {@code reference}. */
    synchronized ImageView add(String reference, byte[] content) {
        String id = "sha256:" + HexFormat.of().formatHex(FakeIds.sha256(content));
        ImageView view = new ImageView(
                id,
                List.of(withTag(reference)),
                CREATED,
                content.length,
                "Imported from -",
                List.of("PATH=/bin"),
                List.of("sh"),
                List.of(),
                "/",
                Map.of());
        images.put(id, view);
        return view;
    }

    private static String withTag(String reference) {
        return reference.lastIndexOf(':') > reference.lastIndexOf('/') ? reference : reference + ":latest";
    }

    @Override
    public ImageView importRootfs(InputStream tarball, Optional<String> reference, String comment, List<String> changes)
            throws EngineException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long count = 0;
        byte[] first = new byte[7];
        try (DigestInputStream in = new DigestInputStream(tarball, digest)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (count < first.length) {
                    System.arraycopy(buffer, 0, first, (int) count, (int) Math.min(n, first.length - count));
                }
                count += n;
            }
        } catch (IOException e) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "cannot read the tarball: " + e.getMessage(), e);
        }
        importThread = Thread.currentThread().getName();
        importedBytes = count;
        lastComment = comment;
        lastChanges = changes;
        lastReference = reference;
        if (new String(first, java.nio.charset.StandardCharsets.US_ASCII).equals("NOTATAR")) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "the tarball is not a tar archive");
        }
        String id = "sha256:" + HexFormat.of().formatHex(digest.digest());
        ImageView view = new ImageView(
                id,
                reference.map(FakeImageBackend::withTag).map(List::of).orElse(List.of()),
                CREATED,
                count,
                comment,
                List.of(),
                List.of(),
                List.of(),
                "",
                Map.of());
        synchronized (this) {
            images.put(id, view);
        }
        return view;
    }

    @Override
    public synchronized List<ImageView> list(Filters filters) throws EngineException {
        filters.requireKeys(Set.of("reference", "dangling", "label"));
        lastListed = filters;
        if (filters.values("dangling").contains("true")) {
            return images.values().stream().filter(i -> i.repoTags().isEmpty()).toList();
        }
        return List.copyOf(images.values());
    }

    @Override
    public synchronized ImageView inspect(String reference) throws EngineException {
        return images.get(find(reference));
    }

    private String find(String reference) throws EngineException {
        String wanted = withTag(reference);
        for (ImageView image : images.values()) {
            if (image.repoTags().contains(wanted)
                    || image.id().equals(reference)
                    || image.id().equals("sha256:" + reference)) {
                return image.id();
            }
        }
        throw new EngineException(ErrorKind.NOT_FOUND, "No such image: " + reference);
    }

    @Override
    public synchronized List<ImageRemoval> remove(String reference, boolean force) throws EngineException {
        String id = find(reference);
        ImageView image = images.remove(id);
        List<ImageRemoval> report = new ArrayList<>();
        image.repoTags().forEach(tag -> report.add(new ImageRemoval(ImageRemoval.Kind.UNTAGGED, tag)));
        report.add(new ImageRemoval(ImageRemoval.Kind.DELETED, id));
        return report;
    }

    @Override
    public synchronized void tag(String source, String reference) throws EngineException {
        String id = find(source);
        ImageView image = images.get(id);
        List<String> tags = new ArrayList<>(image.repoTags());
        tags.add(withTag(reference));
        images.put(
                id,
                new ImageView(
                        id,
                        tags,
                        image.created(),
                        image.size(),
                        image.comment(),
                        image.env(),
                        image.cmd(),
                        image.entrypoint(),
                        image.workingDir(),
                        image.labels()));
    }

    @Override
    public Path rootfs(String imageId) throws EngineException {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "the fake has no root filesystems");
    }
}
