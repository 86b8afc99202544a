package io.shoal.engine.image;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.filter.Filters;
import io.shoal.engine.image.ImageRecord.ImageDefaults;
import io.shoal.engine.store.Change;
import io.shoal.engine.store.Collection;
import io.shoal.engine.store.EngineStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Images without a registry ({@link ImageBackend}): a tarball is unpacked by the {@link RootfsUnpacker} into {@code
 * DATA_ROOT/images/tmp-<random>/rootfs}, its id is the SHA-256 of a canonical configuration text (the layer's SHA-256,
 * the creation time, the comment and the defaults, {@link #configText}), and the directory is renamed to {@code
 * DATA_ROOT/images/<64 hex>/}. Records live in collection {@code image}.
 *
 * <p>Which images containers use is asked of {@code containerUsing} (image id to the id of a container using it), so
 * the arrow goes from the container side to this class only.
 *
 * <p>Thread-safe: record changes are serialised; unpacking runs outside the lock.
 */
public final class ImageController implements ImageBackend {
    /** The stored records. */
    public static final Collection<ImageRecord> IMAGES = new Collection<>("image", ImageRecord.class);

    static final String SHA256_PREFIX = "sha256:";
    private static final Pattern HEX_ID = Pattern.compile("(sha256:)?[0-9a-f]{1,64}");
    /** Docker's reference grammar, simplified: lower-case path components, optional registry host:port, tag. */
    private static final Pattern REPOSITORY =
            Pattern.compile("([a-zA-Z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*");

    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private final EngineStore store;
    private final RootfsUnpacker unpacker;
    private final Path imagesDir;
    private final Function<String, Optional<String>> containerUsing;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ImageRecord> images = new LinkedHashMap<>();
    private final ImageEvents events = new ImageEvents();

    /**
     * @param dataRoot the engine's data root; images live under {@code dataRoot/images}
     * @param containerUsing image id ({@code sha256:…}) to the id of a container created from it, if any
     */
    public ImageController(
            EngineStore store,
            RootfsUnpacker unpacker,
            Path dataRoot,
            Function<String, Optional<String>> containerUsing,
            Clock clock) {
        this.store = store;
        this.unpacker = unpacker;
        this.imagesDir = dataRoot.resolve("images");
        this.containerUsing = containerUsing;
        this.clock = clock;
    }

    /**
     * Loads the stored images; a record whose directory is missing (the engine stopped between the record and the
     * rename) is deleted, and {@code tmp-*} directories left by an interrupted import are removed.
     */
    public synchronized void restore() throws EngineException {
        images.clear();
        List<Change> stale = new ArrayList<>();
        for (ImageRecord image : store.load(IMAGES).values()) {
            if (Files.isDirectory(rootfsOf(image.hex()))) {
                images.put(image.id(), image);
            } else {
                stale.add(Change.delete(IMAGES, image.id()));
            }
        }
        if (!stale.isEmpty()) {
            store.apply(stale);
        }
        try (var entries = Files.exists(imagesDir) ? Files.list(imagesDir) : java.util.stream.Stream.<Path>empty()) {
            for (Path entry : entries.toList()) {
                if (entry.getFileName().toString().startsWith("tmp-")) {
                    deleteTree(entry);
                }
            }
        } catch (IOException e) {
            throw new EngineException(ErrorKind.INTERNAL, "cannot list " + imagesDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ImageView importRootfs(InputStream tarball, Optional<String> reference, String comment, List<String> changes)
            throws EngineException {
        Optional<String> tag = reference.isPresent() ? Optional.of(normalize(reference.get())) : Optional.empty();
        ImageDefaults defaults = ImageChanges.apply(ImageDefaults.none(), changes);
        Path tmp = imagesDir.resolve("tmp-" + HexFormat.of().formatHex(randomBytes(8)));
        try {
            Path rootfs = tmp.resolve("rootfs");
            createDirectories(rootfs);
            RootfsUnpacker.Unpacked unpacked = unpacker.unpack(tarball, rootfs);
            Instant created = clock.instant();
            String hex = sha256(configText(unpacked.sha256(), created, comment, defaults));
            ImageRecord record = new ImageRecord(
                    SHA256_PREFIX + hex,
                    tag.map(List::of).orElse(List.of()),
                    created,
                    unpacked.size(),
                    comment,
                    unpacked.sha256(),
                    defaults);
            ImageView imported = store(record, tmp);
            events.publish("import", record, imported.id());
            return imported;
        } finally {
            deleteTreeQuietly(tmp);
        }
    }

    private synchronized ImageView store(ImageRecord record, Path tmp) throws EngineException {
        List<Change> changes = new ArrayList<>();
        ImageRecord existing = images.get(record.id());
        ImageRecord result =
                existing == null ? record : existing.withTags(union(existing.repoTags(), record.repoTags()));
        for (String tag : record.repoTags()) {
            untagOthers(tag, record.id(), changes);
        }
        changes.add(Change.put(IMAGES, result.id(), result));
        store.apply(changes);
        applyLocally(changes);
        if (existing == null) {
            try {
                Files.move(tmp, imagesDir.resolve(record.hex()), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                store.apply(List.of(Change.delete(IMAGES, record.id())));
                images.remove(record.id());
                throw new EngineException(
                        ErrorKind.INTERNAL, "cannot move the imported rootfs to " + imagesDir.resolve(record.hex()), e);
            }
        }
        return result.view();
    }

    /**
     * The canonical configuration text an image id is the SHA-256 of: one {@code key value} line each, in this order,
     * lists and texts as JSON strings. Changing any default, the comment, the time or the layer changes the id.
     */
    static String configText(String layerSha256, Instant created, String comment, ImageDefaults defaults) {
        StringBuilder text = new StringBuilder();
        text.append("layer sha256:").append(layerSha256).append('\n');
        text.append("created ").append(created).append('\n');
        text.append("comment ").append(json(comment)).append('\n');
        text.append("env ").append(jsonList(defaults.env())).append('\n');
        text.append("cmd ").append(jsonList(defaults.cmd())).append('\n');
        text.append("entrypoint ").append(jsonList(defaults.entrypoint())).append('\n');
        text.append("workdir ").append(json(defaults.workingDir())).append('\n');
        defaults.labels().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(label -> text.append("label ")
                .append(json(label.getKey()))
                .append(' ')
                .append(json(label.getValue()))
                .append('\n'));
        return text.toString();
    }

    @Override
    public synchronized List<ImageView> list(Filters filters) throws EngineException {
        filters.requireKeys(Set.of("reference", "dangling", "label"));
        Optional<Boolean> dangling = Optional.empty();
        for (String value : filters.values("dangling")) {
            dangling = Optional.of(parseBoolean("dangling", value));
        }
        List<ImageView> result = new ArrayList<>();
        for (ImageRecord image : images.values()) {
            boolean isDangling = image.repoTags().isEmpty();
            if (dangling.isPresent() && dangling.get() != isDangling) {
                continue;
            }
            if (!labelsMatch(image.defaults().labels(), filters.values("label"))) {
                continue;
            }
            if (filters.has("reference") && !referenceMatches(image, filters.values("reference"))) {
                continue;
            }
            result.add(image.view());
        }
        result.sort(Comparator.comparing(ImageView::created).reversed());
        return result;
    }

    @Override
    public synchronized ImageView inspect(String reference) throws EngineException {
        return find(reference).view();
    }

    @Override
    public synchronized List<ImageRemoval> remove(String reference, boolean force) throws EngineException {
        ImageRecord image = find(reference);
        List<ImageRemoval> report = removeImage(image, reference, force);
        events.publishRemoval(image, report);
        return report;
    }

    @Override
    public void tag(String source, String reference) throws EngineException {
        String tag = normalize(reference);
        String repository = tag.substring(0, tag.lastIndexOf(':'));
        if (IMAGE_ID_NAME.matcher(repository).matches()) {
            // A repository named like an image id would make the id ambiguous (Docker's reference rules refuse it).
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "invalid repository name (" + repository + "), cannot specify 64-byte hexadecimal strings");
        }
        ImageRecord tagged;
        synchronized (this) {
            ImageRecord image = find(source);
            if (image.repoTags().contains(tag)) {
                return;
            }
            List<Change> changes = new ArrayList<>();
            untagOthers(tag, image.id(), changes);
            tagged = image.withTags(union(image.repoTags(), List.of(tag)));
            changes.add(Change.put(IMAGES, tagged.id(), tagged));
            store.apply(changes);
            applyLocally(changes);
        }
        events.publish("tag", tagged, tag);
    }

    /** From now on, what happens to images is published to {@code bus} ({@code docker events}). */
    public void publishEventsTo(io.shoal.engine.events.EventBus bus) {
        events.sink.to(bus);
    }

    private List<ImageRemoval> removeImage(ImageRecord image, String reference, boolean force) throws EngineException {
        // A tag only when the image holds it: the docker CLI sends an id as bare hex (`docker rmi 70462f4da898`),
        // which also parses as a repository name, and find() resolved it as an id prefix.
        Optional<String> tag = byTag(reference).filter(image.repoTags()::contains);
        List<ImageRemoval> report = new ArrayList<>();
        if (tag.isPresent() && image.repoTags().size() > 1) {
            untag(image, List.of(tag.get()), report);
            return report;
        }
        Optional<String> user = containerUsing.apply(image.id());
        if (tag.isEmpty() && image.repoTags().size() > 1 && !force) {
            throw new EngineException(
                    ErrorKind.CONFLICT,
                    "conflict: unable to delete " + shortHex(image) + " (must be forced) - image is referenced in"
                            + " multiple repositories");
        }
        if (user.isPresent()) {
            if (!force) {
                throw inUse(reference, tag, image, user.get());
            }
            // Forced while a container uses it: the tags go, the layer stays (the container's overlay needs it).
            untag(image, image.repoTags(), report);
            return report;
        }
        List<Change> changes = List.of(Change.delete(IMAGES, image.id()));
        store.apply(changes);
        images.remove(image.id());
        image.repoTags().forEach(t -> report.add(new ImageRemoval(ImageRemoval.Kind.UNTAGGED, t)));
        deleteTree(imagesDir.resolve(image.hex()));
        report.add(new ImageRemoval(ImageRemoval.Kind.DELETED, image.id()));
        return report;
    }

    @Override
    public synchronized Path rootfs(String imageId) throws EngineException {
        ImageRecord image = images.get(imageId.startsWith(SHA256_PREFIX) ? imageId : SHA256_PREFIX + imageId);
        if (image == null) {
            throw new EngineException(ErrorKind.NOT_FOUND, "No such image: " + imageId);
        }
        return rootfsOf(image.hex());
    }

    private Path rootfsOf(String hex) {
        return imagesDir.resolve(hex).resolve("rootfs");
    }

    private void untag(ImageRecord image, List<String> tags, List<ImageRemoval> report) throws EngineException {
        List<String> kept = new ArrayList<>(image.repoTags());
        kept.removeAll(tags);
        ImageRecord changed = image.withTags(kept);
        store.apply(List.of(Change.put(IMAGES, image.id(), changed)));
        images.put(image.id(), changed);
        tags.forEach(t -> report.add(new ImageRemoval(ImageRemoval.Kind.UNTAGGED, t)));
    }

    private static EngineException inUse(String reference, Optional<String> tag, ImageRecord image, String container) {
        String shortContainer = container.substring(0, Math.min(12, container.length()));
        if (tag.isPresent()) {
            return new EngineException(
                    ErrorKind.CONFLICT,
                    "conflict: unable to remove repository reference \"" + reference + "\" (must force) - container "
                            + shortContainer + " is using its referenced image " + shortHex(image));
        }
        return new EngineException(
                ErrorKind.CONFLICT,
                "conflict: unable to delete " + shortHex(image) + " (must be forced) - image is being used by"
                        + " container " + shortContainer);
    }

    private static String shortHex(ImageRecord image) {
        return image.hex().substring(0, 12);
    }

    /** Reference, then full id, then unique id prefix (Docker's order); NOT_FOUND {@code No such image: REF}. */
    private ImageRecord find(String reference) throws EngineException {
        Optional<String> tag = byTag(reference);
        if (tag.isPresent()) {
            for (ImageRecord image : images.values()) {
                if (image.repoTags().contains(tag.get())) {
                    return image;
                }
            }
        }
        if (HEX_ID.matcher(reference).matches()) {
            String hex = reference.startsWith(SHA256_PREFIX) ? reference.substring(SHA256_PREFIX.length()) : reference;
            List<ImageRecord> matches = images.values().stream()
                    .filter(image -> image.hex().startsWith(hex))
                    .toList();
            if (matches.size() == 1) {
                return matches.get(0);
            }
            if (matches.size() > 1) {
                throw new EngineException(
                        ErrorKind.INVALID_ARGUMENT,
                        "image " + reference + " is ambiguous (" + matches.size()
                                + " matches found based on ID prefix)");
            }
        }
        throw new EngineException(ErrorKind.NOT_FOUND, "No such image: " + tag.orElse(reference));
    }

    /** The {@code repo:tag} a reference names, when it is one (not an id written as {@code sha256:…}). */
    private static Optional<String> byTag(String reference) {
        if (reference.startsWith(SHA256_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(normalize(reference));
        } catch (EngineException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code busybox} → {@code busybox:latest}; {@code repo:tag} kept. INVALID_ARGUMENT {@code invalid reference
     * format} otherwise.
     */
    private static final Pattern IMAGE_ID_NAME = Pattern.compile("[a-f0-9]{64}");

    public static String normalize(String reference) throws EngineException {
        reference = familiar(reference);
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        String repository = colon > slash ? reference.substring(0, colon) : reference;
        String tag = colon > slash ? reference.substring(colon + 1) : "latest";
        if (!REPOSITORY.matcher(repository).matches() || !TAG.matcher(tag).matches()) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "invalid reference format: " + reference);
        }
        return repository + ":" + tag;
    }

    /**
     * Docker Hub's full names in their familiar form, as Docker stores and shows them (distribution/reference's
     * {@code FamiliarName}): {@code docker.io/library/busybox} is {@code busybox}, {@code docker.io/team/app} is
     * {@code team/app}. The docker CLI sends the full form to {@code /images/{name}/tag}.
     */
    private static String familiar(String reference) {
        for (String hub : List.of("docker.io/", "index.docker.io/")) {
            if (reference.startsWith(hub)) {
                String rest = reference.substring(hub.length());
                return rest.startsWith("library/") && rest.indexOf('/', "library/".length()) < 0
                        ? rest.substring("library/".length())
                        : rest;
            }
        }
        return reference;
    }

    private void untagOthers(String tag, String keep, List<Change> changes) {
        for (ImageRecord image : images.values()) {
            if (!image.id().equals(keep) && image.repoTags().contains(tag)) {
                List<String> kept = new ArrayList<>(image.repoTags());
                kept.remove(tag);
                changes.add(Change.put(IMAGES, image.id(), image.withTags(kept)));
            }
        }
    }

    private void applyLocally(List<Change> changes) {
        for (Change change : changes) {
            if (change instanceof Change.Put<?> put) {
                images.put(put.id(), (ImageRecord) put.value());
            }
        }
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        b.stream().filter(t -> !all.contains(t)).forEach(all::add);
        return all;
    }

    private static boolean referenceMatches(ImageRecord image, Set<String> patterns) {
        for (String pattern : patterns) {
            Pattern glob = glob(pattern.contains(":") ? pattern : pattern + ":*");
            for (String tag : image.repoTags()) {
                if (glob.matcher(tag).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** path.Match-style glob: {@code *} any run of characters except '/', {@code ?} one character. */
    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> regex.append("[^/]*");
                case '?' -> regex.append("[^/]");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    static boolean labelsMatch(Map<String, String> labels, Set<String> terms) {
        for (String term : terms) {
            int eq = term.indexOf('=');
            if (eq < 0
                    ? !labels.containsKey(term)
                    : !term.substring(eq + 1).equals(labels.get(term.substring(0, eq)))) {
                return false;
            }
        }
        return true;
    }

    private static boolean parseBoolean(String key, String value) throws EngineException {
        return switch (value) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT, "invalid filter '" + key + "=" + value + "'");
        };
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String jsonList(List<String> items) {
        List<String> quoted = new ArrayList<>();
        items.forEach(item -> quoted.add(json(item)));
        return "[" + String.join(",", quoted) + "]";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static void createDirectories(Path dir) throws EngineException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new EngineException(ErrorKind.INTERNAL, "cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path root) throws EngineException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new EngineException(ErrorKind.INTERNAL, "cannot delete " + root + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTreeQuietly(Path root) {
        try {
            deleteTree(root);
        } catch (EngineException e) {
            java.util.logging.Logger.getLogger(ImageController.class.getName())
                    .warning("leftover import directory: " + e.getMessage());
        }
    }
}
