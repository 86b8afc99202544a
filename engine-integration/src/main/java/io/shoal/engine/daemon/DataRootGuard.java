package io.shoal.engine.daemon;

import io.netty.handler.codec.http.HttpMethod;
import io.shoal.engine.api.Router;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Refuses the Engine API requests that add to the data root (create and start containers, create and connect
 * networks, import and tag images) while the data root's file system is full or read-only, before anything is done, so
 * nothing is left half made; reads, removals, stop/kill, wait, logs and exec go on, and so do running containers and
 * their DNS. Once space is back (or the file system is writable again) the next request passes: nothing is cached.
 *
 * <p>Full means less than {@link #MIN_FREE_BYTES} usable by an unprivileged user ({@code statvfs(3)} {@code
 * f_bavail}): on ext4 the blocks reserved for root are then still there for the engine's own bookkeeping (exits,
 * removals). Read-only is found by rewriting one byte of a probe file, {@code DATA_ROOT/.write-probe} (EROFS at the
 * open, see open(2)).
 */
final class DataRootGuard implements Router.RouteGuard {
    /** Below this many usable bytes the data root counts as full: a container start writes a few hundred KiB. */
    static final long MIN_FREE_BYTES = 8L << 20;

    /** The routes that add to the data root, as "METHOD template" of the Engine API's router. */
    static final Set<String> CHANGES = Set.of(
            "POST /containers/create",
            "POST /containers/{id}/start",
            "POST /containers/{id}/restart",
            "POST /networks/create",
            "POST /networks/{id}/connect",
            "POST /images/create",
            "POST /images/{name...}/tag");

    private static final byte[] PROBE_BYTE = {'1'};

    private final Path dataRoot;
    private final Path probe;
    private final FileStore store;
    private final long minFreeBytes;

    private DataRootGuard(Path dataRoot, FileStore store, long minFreeBytes) {
        this.dataRoot = dataRoot;
        this.probe = dataRoot.resolve(".write-probe");
        this.store = store;
        this.minFreeBytes = minFreeBytes;
    }

    /** A guard of {@code dataRoot} (which must exist). */
    static DataRootGuard of(Path dataRoot) throws IOException {
        return of(dataRoot, MIN_FREE_BYTES);
    }

    /** As {@link #of(Path)} with another threshold, in bytes. */
    static DataRootGuard of(Path dataRoot, long minFreeBytes) throws IOException {
        return new DataRootGuard(dataRoot, Files.getFileStore(dataRoot), minFreeBytes);
    }

    @Override
    public void admit(HttpMethod method, String template) throws EngineException {
        if (CHANGES.contains(method.name() + " " + template)) {
            check();
        }
    }

    /**
     * Returns when the data root can take a change; else INTERNAL (read-only or unreadable) or INSUFFICIENT_STORAGE
     * (full), the message naming the path and what to do.
     */
    void check() throws EngineException {
        // The same byte rewritten in place (no O_TRUNC): a truncate frees the file's block and the write allocates
        // it again, journal work on every connect and start; EROFS still comes at the open.
        try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(PROBE_BYTE), 0);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new EngineException(
                    ErrorKind.INTERNAL,
                    "the data root " + dataRoot + " cannot be written (" + reason + "): changes are refused until it"
                            + " is writable again (e.g. mount -o remount,rw); running containers, DNS and reads go on",
                    e);
        }
        long usable;
        try {
            usable = store.getUsableSpace();
        } catch (IOException e) {
            throw new EngineException(
                    ErrorKind.INTERNAL, "cannot tell the free space of the data root " + dataRoot + ": " + e, e);
        }
        if (usable < minFreeBytes) {
            throw new EngineException(
                    ErrorKind.INSUFFICIENT_STORAGE,
                    "no space left on the data root " + dataRoot + " (" + usable / 1024 + " KiB free, "
                            + minFreeBytes / 1024 + " KiB needed): changes are refused until space is freed;"
                            + " running containers, DNS, reads and removals go on");
        }
    }
}
