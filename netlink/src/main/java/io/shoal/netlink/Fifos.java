package io.shoal.netlink;

import io.shoal.netlink.internal.ffi.FileCalls;
import java.nio.file.Path;

/**
 * Named pipes (fifo(7)), which a container's stdio goes through: the runtime's shim writes, the engine reads. Java has
 * no call to make one, so this is the one file-system call in the native layer.
 */
public final class Fifos {
    private Fifos() {}

    /**
     * Makes a named pipe at {@code path}, readable and writable by its owner only (mode 0600).
     *
     * @throws ObjectExistsException something already exists at {@code path} (EEXIST)
     * @throws NoSuchObjectException the parent directory does not exist (ENOENT)
     * @throws KernelException any other errno of mkfifo(3)
     */
    public static void create(Path path) throws KernelException {
        FileCalls.mkfifo(path.toString(), 0600);
    }
}
