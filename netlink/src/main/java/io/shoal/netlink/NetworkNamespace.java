package io.shoal.netlink;

import static io.shoal.netlink.internal.ffi.NamespaceCalls.CLONE_NEWNET;
import static io.shoal.netlink.internal.ffi.NamespaceCalls.LOCK_EX;
import static io.shoal.netlink.internal.ffi.NamespaceCalls.MNT_DETACH;
import static io.shoal.netlink.internal.ffi.NamespaceCalls.MS_BIND;
import static io.shoal.netlink.internal.ffi.NamespaceCalls.MS_REC;
import static io.shoal.netlink.internal.ffi.NamespaceCalls.MS_SHARED;
import static io.shoal.netlink.internal.ffi.NamespaceCalls.O_CLOEXEC;
import static io.shoal.netlink.internal.ffi.NamespaceCalls.O_CREAT;
import static io.shoal.netlink.internal.ffi.NamespaceCalls.O_DIRECTORY;
import static io.shoal.netlink.internal.ffi.NamespaceCalls.O_EXCL;
import static io.shoal.netlink.internal.ffi.NamespaceCalls.O_RDONLY;

import io.shoal.netlink.internal.ffi.NamespaceCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import jnr.constants.platform.Errno;

/**
 * An open network namespace: a file descriptor on its nsfs file, closed by {@link #close}. Two instances are equal when
 * they refer to the same namespace (same {@link NamespaceId}), however they were opened.
 *
 * <p>Named namespaces live under {@code /run/netns} exactly as {@code ip netns add} makes them, so {@code ip netns exec
 * NAME} and {@code ip -n NAME} work on them and {@link #openByName} opens theirs.
 *
 * <p>{@link #callInside} runs work with a thread inside the namespace; a socket opened there (rtnetlink, UDP, TCP)
 * stays in the namespace after the work returns. The calling thread itself never changes namespace.
 *
 * <p>An open instance keeps its namespace alive even after {@link #delete} removed the name, as any descriptor does
 * (namespaces(7)). Instances are thread-safe.
 */
public final class NetworkNamespace implements AutoCloseable {
    /** Where named namespaces are bind-mounted, as iproute2's {@code NETNS_RUN_DIR}. */
    public static final Path RUN_DIRECTORY = Path.of("/run/netns");

    private static final String THREAD_SELF_NET = "/proc/thread-self/ns/net";
    private static final int RUN_DIRECTORY_MODE = 0755;
    private static final int NAME_MAX = 255;

    private final int fd;
    private final NamespaceId id;
    private final Path path;
    private final String name;
    private final NamespaceThread thread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NetworkNamespace(int fd, NamespaceId id, Path path, String name) {
        this.fd = fd;
        this.id = id;
        this.path = path;
        this.name = name;
        String threadName = "shoal-netns " + (name != null ? name : id.toString());
        this.thread = new NamespaceThread(
                threadName,
                () -> NamespaceCalls.setns(fd, CLONE_NEWNET, describe()),
                NamespaceThread.DEFAULT_KEEP_ALIVE);
    }

    /**
     * Creates the named namespace {@code /run/netns/NAME} the way {@code ip netns add NAME} does (iproute2
     * ip/ipnetns.c): makes {@code /run/netns} a shared mount point (binding it onto itself first when it is not a mount
     * point yet), creates the file, and on a thread of its own that then ends, unshares a new network namespace and
     * bind-mounts {@code /proc/thread-self/ns/net} onto the file. The new namespace has only {@code lo}, down.
     *
     * @throws ObjectExistsException a namespace of that name exists
     * @throws IllegalArgumentException {@code name} is empty, {@code .}, {@code ..}, contains {@code /} or NUL, or is
     *     longer than 255 characters
     */
    public static NetworkNamespace create(String name) throws KernelException {
        String file = pathOf(name).toString();
        prepareRunDirectory();
        createMountPoint(file);
        try {
            NamespaceThread.callOnFreshThread("shoal-netns create " + name, () -> {
                NamespaceCalls.unshare(CLONE_NEWNET, "network namespace " + name);
                NamespaceCalls.mount(THREAD_SELF_NET, file, "none", MS_BIND);
                return null;
            });
            return open(file, Path.of(file), name);
        } catch (KernelException | RuntimeException e) {
            removeMountPoint(file, e);
            throw e;
        }
    }

    /**
     * Creates a namespace with no name: a thread unshares it, opens it and ends, so only the returned descriptor keeps
     * it alive and closing it destroys the namespace. For scratch work such as probing the kernel. Its {@link #path}
     * is {@code /proc/PID/fd/FD}, usable by other processes while this instance is open.
     */
    public static NetworkNamespace createAnonymous() throws KernelException {
        int newFd = NamespaceThread.callOnFreshThread("shoal-netns create anonymous", () -> {
            NamespaceCalls.unshare(CLONE_NEWNET, "anonymous network namespace");
            return NamespaceCalls.open(THREAD_SELF_NET, O_RDONLY | O_CLOEXEC, 0);
        });
        return wrap(newFd, descriptorPath(newFd), null);
    }

    /** Opens the named namespace {@code /run/netns/NAME}. */
    public static NetworkNamespace openByName(String name) throws KernelException {
        Path file = pathOf(name);
        return open(file.toString(), file, name);
    }

    /**
     * Opens the namespace file at {@code path} (a bind mount, or a {@code /proc/PID/ns/net} link). A path directly
     * under {@code /run/netns} gives the instance that {@link #name}.
     */
    public static NetworkNamespace openByPath(Path path) throws KernelException {
        Path parent = path.getParent();
        String name = RUN_DIRECTORY.equals(parent) ? path.getFileName().toString() : null;
        return open(path.toString(), path, name);
    }

    /**
     * As {@link #openByPath}, or empty when there is no namespace at {@code path} any more ({@link
     * NoSuchObjectException}, ENOENT: a sandbox already removed, whose devices went with it). Other failures throw.
     */
    public static Optional<NetworkNamespace> openByPathIfPresent(Path path) throws KernelException {
        try {
            return Optional.of(openByPath(path));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
    }

    /** Opens the namespace of the process {@code pid} ({@code /proc/PID/ns/net}). */
    public static NetworkNamespace openByPid(long pid) throws KernelException {
        return openByPath(Path.of("/proc", Long.toString(pid), "ns", "net"));
    }

    /** Opens the calling thread's namespace. Its {@link #path} is {@code /proc/PID/fd/FD}. */
    public static NetworkNamespace current() throws KernelException {
        int newFd = NamespaceCalls.open(THREAD_SELF_NET, O_RDONLY | O_CLOEXEC, 0);
        return wrap(newFd, descriptorPath(newFd), null);
    }

    /** The identity of the calling thread's namespace, without opening it. */
    public static NamespaceId currentId() throws KernelException {
        return idOf(Path.of(THREAD_SELF_NET));
    }

    /** Whether {@code /run/netns/NAME} exists (as a file; it may be a leftover that is no longer a bind mount). */
    public static boolean exists(String name) {
        return Files.exists(pathOf(name));
    }

    /** The names under {@code /run/netns}, sorted; empty when the directory does not exist. */
    public static List<String> names() throws KernelException {
        if (!Files.isDirectory(RUN_DIRECTORY)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(RUN_DIRECTORY)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw IoErrors.toKernelException("list", RUN_DIRECTORY.toString(), e);
        }
    }

    /**
     * Deletes the named namespace as {@code ip netns delete} does: detaches the bind mount (umount2 MNT_DETACH) and
     * removes the file. The namespace itself ends when nothing else holds it (open descriptors, processes, threads).
     *
     * @throws NoSuchObjectException no namespace of that name exists
     */
    public static void delete(String name) throws KernelException {
        String file = pathOf(name).toString();
        detach(file);
        try {
            NamespaceCalls.unlink(file);
        } catch (NoSuchObjectException e) {
            throw (KernelException) KernelException.of("delete network namespace", file, e.errno(), null)
                    .initCause(e);
        }
    }

    /** {@link #delete} when the name exists; returns whether it did. */
    public static boolean deleteIfExists(String name) throws KernelException {
        if (!exists(name)) {
            return false;
        }
        try {
            delete(name);
            return true;
        } catch (NoSuchObjectException e) {
            return false; // removed meanwhile by someone else
        }
    }

    /** The device and inode that identify this namespace. */
    public NamespaceId id() {
        return id;
    }

    /**
     * The open descriptor, for calls that take one (e.g. IFLA_NET_NS_FD to move a link here). Valid until
     * {@link #close}; do not close it yourself.
     *
     * @throws IllegalStateException after {@link #close}
     */
    public int fd() {
        requireOpen();
        return fd;
    }

    /** The path this namespace was opened by: {@code /run/netns/NAME}, {@code /proc/PID/ns/net}, or its descriptor. */
    public Path path() {
        return path;
    }

    /** The name under {@code /run/netns} when it was created or opened by name. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * Runs {@code work} on this namespace's own platform thread, which is inside the namespace, and returns its
     * result; an exception the work throws is rethrown here. The calling thread stays where it is. Sockets the work
     * opens belong to this namespace for their whole life.
     *
     * <p>Create sockets completely inside the work: {@code new java.net.Socket()} makes its descriptor only at
     * {@code connect} or {@code bind}, so connect (or bind) it inside; {@code ServerSocket(port, backlog, address)},
     * {@code DatagramSocket(port)} and the {@code open()} methods of NIO channels make theirs at once.
     *
     * <p>Work runs one piece at a time per instance, so keep it short (open a socket, read a sysctl); it must not wait
     * for other work on the same instance submitted by another thread. Work may call back into this instance (it then
     * runs directly). The caller waits for the work even when interrupted and keeps its interrupt flag.
     *
     * <p>The thread never serves another namespace. After each piece of work it enters the namespace again; if that
     * fails the thread ends, a result that is {@link AutoCloseable} is closed, and this throws the failure.
     *
     * @throws KernelException the thread could not enter this namespace, or could not return to it after the work
     * @throws IllegalStateException after {@link #close}
     */
    public <T, E extends Exception> T callInside(NamespaceCallable<T, E> work) throws E, KernelException {
        requireOpen();
        return thread.call(work);
    }

    /** {@link #callInside} for work without a result. */
    public <E extends Exception> void runInside(NamespaceRunnable<E> work) throws E, KernelException {
        callInside(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Waits for work in progress, ends this instance's thread and closes the descriptor. Idempotent. Named namespaces
     * stay (see {@link #delete}); an anonymous one ends when nothing else holds it. An idle thread is not waited for: it
     * leaves a moment later, so the namespace may outlive this call by that moment (its destruction is asynchronous in
     * the kernel anyway).
     *
     * @throws IllegalStateException when called from work running inside this instance
     */
    @Override
    public void close() throws KernelException {
        if (thread.isServedBy(Thread.currentThread())) {
            throw new IllegalStateException("cannot close " + this + " from work running inside it");
        }
        if (closed.compareAndSet(false, true)) {
            thread.shutdown();
            NamespaceCalls.close(fd, describe());
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NetworkNamespace that && id.equals(that.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** E.g. {@code network namespace shoaltest-1a2b (net:[4026532301])}. */
    @Override
    public String toString() {
        return "network namespace " + describe();
    }

    private String describe() {
        return (name != null ? name : path.toString()) + " (" + id + ")";
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private static Path pathOf(String name) {
        Objects.requireNonNull(name, "name");
        boolean valid = !name.isEmpty()
                && name.length() <= NAME_MAX
                && !name.equals(".")
                && !name.equals("..")
                && name.indexOf('/') < 0
                && name.indexOf('\0') < 0;
        if (!valid) {
            throw new IllegalArgumentException("invalid network namespace name: \"" + name + "\"");
        }
        return RUN_DIRECTORY.resolve(name);
    }

    private static NetworkNamespace open(String file, Path shownPath, String name) throws KernelException {
        return wrap(NamespaceCalls.open(file, O_RDONLY | O_CLOEXEC, 0), shownPath, name);
    }

    /** Checks that {@code newFd} is a network namespace and takes ownership of it (closing it on failure). */
    private static NetworkNamespace wrap(int newFd, Path shownPath, String name) throws KernelException {
        try {
            int type = NamespaceCalls.namespaceType(newFd, shownPath.toString());
            if (type != CLONE_NEWNET) {
                throw KernelException.of(
                        "open network namespace",
                        shownPath.toString(),
                        Errno.EINVAL.intValue(),
                        "a namespace of another type (" + Integer.toHexString(type) + ")");
            }
            return new NetworkNamespace(newFd, idOf(descriptorPath(newFd)), shownPath, name);
        } catch (KernelException | RuntimeException e) {
            try {
                NamespaceCalls.close(newFd, shownPath.toString());
            } catch (KernelException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static Path descriptorPath(int descriptor) {
        return Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd", Integer.toString(descriptor));
    }

    /** stat(2) follows the {@code /proc} magic link to the nsfs inode. */
    static NamespaceId idOf(Path nsFile) throws KernelException {
        try {
            Map<String, Object> attributes = Files.readAttributes(nsFile, "unix:dev,ino");
            return new NamespaceId((Long) attributes.get("dev"), (Long) attributes.get("ino"));
        } catch (IOException e) {
            throw IoErrors.toKernelException("stat", nsFile.toString(), e);
        }
    }

    /** iproute2's sequence, serialized against other {@code ip netns add} by flock on the directory. */
    private static void prepareRunDirectory() throws KernelException {
        String directory = RUN_DIRECTORY.toString();
        NamespaceCalls.mkdir(directory, RUN_DIRECTORY_MODE);
        int lock = NamespaceCalls.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        try {
            NamespaceCalls.flock(lock, LOCK_EX, directory);
            makeShared(directory);
        } catch (KernelException | RuntimeException e) {
            try {
                NamespaceCalls.close(lock, directory);
            } catch (KernelException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        NamespaceCalls.close(lock, directory); // releases the flock
    }

    /**
     * Shared propagation lets an unmount in one mount namespace reach the others (e.g. {@code ip netns exec}'s), so a
     * deleted namespace is freed sooner. EINVAL means the directory is not a mount point yet: bind it onto itself once.
     */
    private static void makeShared(String directory) throws KernelException {
        boolean boundOntoItself = false;
        while (true) {
            try {
                NamespaceCalls.mount("", directory, "none", MS_SHARED | MS_REC);
                return;
            } catch (KernelException e) {
                if (e.errnoConstant() != Errno.EINVAL || boundOntoItself) {
                    throw e;
                }
            }
            NamespaceCalls.mount(directory, directory, "none", MS_BIND | MS_REC);
            boundOntoItself = true;
        }
    }

    private static void createMountPoint(String file) throws KernelException {
        int created;
        try {
            created = NamespaceCalls.open(file, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
        } catch (ObjectExistsException e) {
            throw (KernelException) KernelException.of("create network namespace", file, e.errno(), null)
                    .initCause(e);
        }
        NamespaceCalls.close(created, file);
    }

    private static void removeMountPoint(String file, Exception failure) {
        try {
            detach(file);
            NamespaceCalls.unlink(file);
        } catch (KernelException e) {
            failure.addSuppressed(e);
        }
    }

    /** EINVAL: not a mount point (a leftover file); ENOENT: absent. Both leave the unlink to decide. */
    private static void detach(String file) throws KernelException {
        try {
            NamespaceCalls.umount2(file, MNT_DETACH);
        } catch (InvalidRequestException | NoSuchObjectException e) {
            // nothing mounted there
        }
    }
}
