package io.shoal.engine.tar;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.image.RootfsUnpacker;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The engine's {@link RootfsUnpacker} over Apache Commons Compress: tar(5) in ustar, GNU or pax form, gzip-compressed
 * or not (told by the magic bytes 1f 8b, RFC 1952 §2.3.1).
 *
 * <p>What each entry becomes: directories, regular files (with their bytes), symbolic links (their target text kept
 * as recorded, relative or absolute, since it is read inside the container's root) and hard links (a link to the
 * earlier entry). Mode bits (including setuid, setgid and sticky) are applied; directory modes last, so a read-only
 * directory can still be filled. Owner and group are applied only when this process runs as root (uid 0). Character
 * and block devices and FIFOs are skipped: a container gets its devices from the runtime.
 *
 * <p>Nothing is written outside {@code target}: an entry name or hard-link target that is absolute or holds a
 * {@code ..} component is refused, and every path is resolved component by component inside the target, following
 * symbolic links written earlier the way the container will see them (an absolute link target from the target's
 * root); a link that would lead above the target is refused (INVALID_ARGUMENT naming the entry), as is a loop of
 * more than 40 links (Linux's ELOOP limit, path_resolution(7)).
 *
 * <p>The SHA-256 covers every byte of the stream as received (compressed or not), read to its end.
 */
public final class TarRootfsUnpacker implements RootfsUnpacker {
    private static final System.Logger LOG = System.getLogger(TarRootfsUnpacker.class.getName());
    private static final int MAX_LINK_HOPS = 40;
    private static final int END_OF_ARCHIVE_BYTES = 1024;
    private static final int GZIP_ID1 = 0x1f;
    private static final int GZIP_ID2 = 0x8b;

    private final boolean keepOwners;

    /** Keeps owners when this process runs as root. */
    public TarRootfsUnpacker() {
        this(runningAsRoot());
    }

    /** Keeps owners when {@code keepOwners} (tests pass false as root to check the rest alone). */
    public TarRootfsUnpacker(boolean keepOwners) {
        this.keepOwners = keepOwners;
    }

    @Override
    public Unpacked unpack(InputStream tarball, Path target) throws EngineException {
        MessageDigest sha256 = sha256();
        Path root = realDirectory(target);
        BufferedInputStream raw = new BufferedInputStream(new DigestInputStream(tarball, sha256));
        long size;
        try {
            InputStream decompressed = isGzip(raw)
                    ? GzipCompressorInputStream.builder()
                            .setInputStream(raw)
                            .setDecompressConcatenated(true)
                            .get()
                    : raw;
            TarArchiveInputStream tar = new TarArchiveInputStream(decompressed);
            size = new Extraction(root, tar).run();
            // The digest is of the whole stream: the tar's padding after its end, the gzip trailer.
            decompressed.transferTo(OutputStream.nullOutputStream());
            raw.transferTo(OutputStream.nullOutputStream());
        } catch (ReadFailure e) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, e.getMessage(), e.getCause());
        } catch (IOException e) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT, "the image is not a readable tar archive: " + e.getMessage(), e);
        }
        return new Unpacked(HexFormat.of().formatHex(sha256.digest()), size);
    }

    /** A failure reading the archive (the client's fault), kept apart from failures writing the tree (ours). */
    private static final class ReadFailure extends IOException {
        private static final long serialVersionUID = 1L;

        ReadFailure(String message, IOException cause) {
            super(message, cause);
        }
    }

    /** One archive written into one root. */
    private final class Extraction {
        private final Path root;
        private final TarArchiveInputStream tar;
        private final List<Path> directories = new ArrayList<>();
        private final List<Integer> directoryModes = new ArrayList<>();
        private long size;
        private int entries;

        Extraction(Path root, TarArchiveInputStream tar) {
            this.root = root;
            this.tar = tar;
        }

        long run() throws IOException, EngineException {
            TarArchiveEntry entry;
            while ((entry = next()) != null) {
                entries++;
                write(entry);
            }
            if (entries == 0 && tar.getBytesRead() < END_OF_ARCHIVE_BYTES) {
                throw new ReadFailure("the image is not a tar archive: no entry and no end-of-archive marker", null);
            }
            for (int i = directories.size() - 1; i >= 0; i--) {
                setMode(directories.get(i), directoryModes.get(i));
            }
            return size;
        }

        private TarArchiveEntry next() throws ReadFailure {
            try {
                return tar.getNextEntry();
            } catch (IOException | IllegalArgumentException e) {
                throw new ReadFailure(
                        "the image is not a readable tar archive (after " + entries + " entries): " + e.getMessage(),
                        e instanceof IOException io ? io : new IOException(e));
            }
        }

        private void write(TarArchiveEntry entry) throws IOException, EngineException {
            List<String> name = components(entry.getName(), entry.getName());
            if (name.isEmpty()) {
                return; // "./": the target itself, whose mode the caller chose
            }
            if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                LOG.log(System.Logger.Level.DEBUG, "skipped device or FIFO " + entry.getName());
                return;
            }
            Path path = root.resolve(String.join("/", name));
            try {
                path = resolve(entry.getName(), name.subList(0, name.size() - 1), true)
                        .resolve(name.get(name.size() - 1));
                if (entry.isDirectory()) {
                    writeDirectory(path, entry);
                } else if (entry.isSymbolicLink()) {
                    replace(path);
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                    setOwner(path, entry);
                } else if (entry.isLink()) {
                    List<String> linked = components(entry.getLinkName(), entry.getName());
                    if (linked.isEmpty()) {
                        throw refused(entry.getName(), "is a hard link to the root directory");
                    }
                    Path source = resolve(entry.getName(), linked.subList(0, linked.size() - 1), false)
                            .resolve(linked.get(linked.size() - 1));
                    if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)
                            || Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                        throw refused(
                                entry.getName(),
                                "is a hard link to '" + entry.getLinkName()
                                        + "', which is not an earlier file of the archive");
                    }
                    replace(path);
                    Files.createLink(path, source);
                } else if (entry.isFile()) {
                    replace(path);
                    copy(entry, path);
                    setOwner(path, entry);
                    setMode(path, entry.getMode());
                } else {
                    throw refused(entry.getName(), "has an entry type this unpacker does not know");
                }
            } catch (EngineException | ReadFailure e) {
                throw e;
            } catch (IOException e) {
                throw new EngineException(ErrorKind.INTERNAL, "cannot write " + path + ": " + e, e);
            }
        }

        private void writeDirectory(Path path, TarArchiveEntry entry) throws IOException {
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                replace(path);
                Files.createDirectory(path);
            }
            setOwner(path, entry);
            directories.add(path);
            directoryModes.add(entry.getMode());
        }

        private void copy(TarArchiveEntry entry, Path path) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW)) {
                while (true) {
                    int n;
                    try {
                        n = tar.read(buffer);
                    } catch (IOException e) {
                        throw new ReadFailure("the image's entry " + entry.getName() + " is cut short: " + e, e);
                    }
                    if (n < 0) {
                        return;
                    }
                    out.write(buffer, 0, n);
                    size += n;
                }
            }
        }

        /**
         * The real path of {@code parts} under the root, following symbolic links already written as the container
         * will (absolute targets from the root), creating missing directories when {@code create}.
         */
        private Path resolve(String entryName, List<String> parts, boolean create) throws IOException, EngineException {
            Deque<String> pending = new ArrayDeque<>(parts);
            Deque<String> resolved = new ArrayDeque<>();
            int hops = 0;
            while (!pending.isEmpty()) {
                String part = pending.pollFirst();
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (part.equals("..")) {
                    if (resolved.isEmpty()) {
                        throw refused(entryName, "leads above the target through a symbolic link");
                    }
                    resolved.pollLast();
                    continue;
                }
                Path candidate = join(resolved).resolve(part);
                if (Files.isSymbolicLink(candidate)) {
                    if (++hops > MAX_LINK_HOPS) {
                        throw refused(entryName, "goes through more than " + MAX_LINK_HOPS + " symbolic links");
                    }
                    String linkTarget = Files.readSymbolicLink(candidate).toString();
                    if (linkTarget.startsWith("/")) {
                        resolved.clear();
                    }
                    List<String> more = List.of(linkTarget.split("/", -1));
                    for (int i = more.size() - 1; i >= 0; i--) {
                        pending.addFirst(more.get(i));
                    }
                    continue;
                }
                if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                    if (!create) {
                        throw refused(entryName, "names '" + String.join("/", parts) + "', which does not exist");
                    }
                    Files.createDirectory(candidate);
                } else if (!Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)) {
                    throw refused(
                            entryName, "goes through '" + root.relativize(candidate) + "', which is not a directory");
                }
                resolved.addLast(part);
            }
            return join(resolved);
        }

        private Path join(Deque<String> parts) {
            Path path = root;
            for (String part : parts) {
                path = path.resolve(part);
            }
            return path;
        }

        private void replace(Path path) throws IOException {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                try (var children = Files.list(path)) {
                    if (children.findAny().isPresent()) {
                        throw new IOException(path + " is a directory that is not empty");
                    }
                }
            }
            Files.deleteIfExists(path);
        }

        private void setOwner(Path path, TarArchiveEntry entry) throws IOException {
            if (keepOwners) {
                Files.setAttribute(path, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
            }
        }

        private void setMode(Path path, int mode) throws EngineException {
            try {
                Files.setAttribute(path, "unix:mode", mode & 07777);
            } catch (IOException e) {
                throw new EngineException(ErrorKind.INTERNAL, "cannot set the mode of " + path + ": " + e, e);
            }
        }
    }

    /**
     * The components of an entry name or hard-link target, without {@code .} and empty ones. Absolute names and
     * {@code ..} components are refused: no honest rootfs tarball needs them.
     */
    private static List<String> components(String text, String entryName) throws EngineException {
        if (text.startsWith("/")) {
            throw refused(entryName, "is an absolute path ('" + text + "')");
        }
        List<String> parts = new ArrayList<>();
        for (String part : text.split("/", -1)) {
            if (part.equals("..")) {
                throw refused(entryName, "holds a '..' component ('" + text + "')");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts;
    }

    private static EngineException refused(String entryName, String why) {
        return new EngineException(
                ErrorKind.INVALID_ARGUMENT, "the image's entry '" + entryName + "' " + why + "; refusing to unpack it");
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == GZIP_ID1 && second == GZIP_ID2;
    }

    private static Path realDirectory(Path target) throws EngineException {
        try {
            Path real = target.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new EngineException(ErrorKind.INTERNAL, "the unpack target " + target + " is not a directory");
            }
            return real;
        } catch (IOException e) {
            throw new EngineException(ErrorKind.INTERNAL, "the unpack target " + target + " is unusable: " + e, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256 (MessageDigest spec)", e);
        }
    }

    private static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
