package io.shoal.engine.containerd;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a private containerd keeps everything, all under one directory:
 *
 * <pre>
 * DATA_ROOT/config.toml              the configuration Shoal writes ({@link ContainerdConfig})
 * DATA_ROOT/containerd.sock          gRPC (the adapter's socket)
 * DATA_ROOT/containerd.sock.ttrpc    ttrpc (shims publish their events here)
 * DATA_ROOT/containerd.log           containerd's stdout and stderr
 * DATA_ROOT/root/                    containerd's persistent root (metadata database, content)
 * DATA_ROOT/state/                   containerd's state: one bundle per task, the shims' addresses
 * DATA_ROOT/runc/                    runc's state (runc --root), per namespace
 * DATA_ROOT/io/                      the stdio pipes of Shoal's processes, per namespace and container
 * </pre>
 *
 * <p>The one thing containerd 1.6 puts elsewhere is each shim's socket, {@code /run/containerd/s/HASH} (hard-wired in
 * {@code runtime/v2/shim/util_unix.go}; the hash covers the socket path, so it never collides with another
 * containerd's); it goes away with its shim.
 */
public record DataRoot(Path directory) {
    public DataRoot {
        Objects.requireNonNull(directory, "directory");
        if (!directory.isAbsolute()) {
            throw new IllegalArgumentException("data root must be absolute: " + directory);
        }
    }

    public Path config() {
        return directory.resolve("config.toml");
    }

    public Path socket() {
        return directory.resolve("containerd.sock");
    }

    public Path ttrpcSocket() {
        return directory.resolve("containerd.sock.ttrpc");
    }

    public Path log() {
        return directory.resolve("containerd.log");
    }

    public Path root() {
        return directory.resolve("root");
    }

    public Path state() {
        return directory.resolve("state");
    }

    public Path runc() {
        return directory.resolve("runc");
    }

    public Path io() {
        return directory.resolve("io");
    }
}
