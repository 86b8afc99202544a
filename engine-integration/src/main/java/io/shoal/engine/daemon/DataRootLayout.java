package io.shoal.engine.daemon;

import io.shoal.engine.containerd.DataRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What shoald keeps under its data root:
 *
 * <pre>
 * DATA_ROOT/shoald.pid        the running daemon's pid (removed at a clean stop)
 * DATA_ROOT/shoald.log        the daemon's log when ./shoal up started it
 * DATA_ROOT/shoal.db          SQLite: engine_records (engine store), driver_state (drivers), IPAM's tables
 * DATA_ROOT/drivers/TYPE/     each driver's own state directory
 * DATA_ROOT/netns/            one empty marker per sandbox namespace made (/run/netns/shoal-ID)
 * DATA_ROOT/containerd/       the private containerd's data root (config.toml, sockets, root, state, runc, io)
 * </pre>
 *
 * <p>The data root itself is mode 0711: only root lists it.
 */
public record DataRootLayout(Path directory) {
    /** @param directory the data root, absolute */
    public DataRootLayout {
        Objects.requireNonNull(directory, "directory");
    }

    /** {@code DATA_ROOT/shoald.pid}: the running daemon's pid, one decimal line. */
    public Path pidFile() {
        return directory.resolve("shoald.pid");
    }

    /** {@code DATA_ROOT/shoal.db}: the engine's SQLite database, shared by store, drivers and IPAM. */
    public Path database() {
        return directory.resolve("shoal.db");
    }

    /** {@code DATA_ROOT/drivers/TYPE}: the state directory of driver {@code type}. */
    public Path driverState(String type) {
        return directory.resolve("drivers").resolve(type);
    }

    /** {@code DATA_ROOT/netns}: one empty marker file per sandbox namespace made. */
    public Path namespaceMarkers() {
        return directory.resolve("netns");
    }

    /** {@code DATA_ROOT/dns-ports}: the ports of each running container's resolver, kept across restarts. */
    public Path resolverPorts() {
        return directory.resolve("dns-ports");
    }

    /**
     * {@code DATA_ROOT/early-dns}: each running container's early DNS side file (sandbox, upstreams, its names), read
     * before the store at a start (docs/engine.md "Restart").
     */
    public Path earlyDnsFiles() {
        return directory.resolve("early-dns");
    }

    /** {@code DATA_ROOT/containerd}: the private containerd's own data root. */
    public DataRoot containerd() {
        return new DataRoot(directory.resolve("containerd"));
    }

    /** Creates the directories that are missing. */
    public void prepare() throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx--x--x"));
        for (Path sub : List.of(directory.resolve("drivers"), namespaceMarkers())) {
            Files.createDirectories(sub);
        }
    }

    /** The pid the pid file names, when there is one that parses. */
    public OptionalLong recordedPid() throws IOException {
        try {
            String text = Files.readString(pidFile(), StandardCharsets.US_ASCII).trim();
            return text.matches("[0-9]{1,10}") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Claims the data root for this process: writes its pid, unless the recorded pid is a live process other than
     * this one (another shoald on this data root), which is returned instead.
     */
    public Optional<ProcessHandle> claim() throws IOException {
        OptionalLong recorded = recordedPid();
        long self = ProcessHandle.current().pid();
        if (recorded.isPresent() && recorded.getAsLong() != self) {
            Optional<ProcessHandle> other =
                    ProcessHandle.of(recorded.getAsLong()).filter(ProcessHandle::isAlive);
            if (other.isPresent() && isShoald(other.get())) {
                return other;
            }
        }
        Path temporary = directory.resolve("shoald.pid.tmp");
        Files.writeString(temporary, self + "\n", StandardCharsets.US_ASCII);
        Files.move(temporary, pidFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return Optional.empty();
    }

    /** Removes the pid file if it still names this process. */
    public void release() throws IOException {
        OptionalLong recorded = recordedPid();
        if (recorded.isPresent()
                && recorded.getAsLong() == ProcessHandle.current().pid()) {
            Files.deleteIfExists(pidFile());
        }
    }

    /**
     * A pid reused by an unrelated process after a crash does not count as a running daemon: its arguments
     * ({@code /proc/PID/cmdline}, read whole: ProcessHandle.Info cuts a long class path short) must name shoald's class.
     */
    private static boolean isShoald(ProcessHandle process) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            for (String argument : new String(cmdline, StandardCharsets.UTF_8).split("\0", -1)) {
                if (argument.equals(Shoald.class.getName())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // ended meanwhile
        }
    }
}
