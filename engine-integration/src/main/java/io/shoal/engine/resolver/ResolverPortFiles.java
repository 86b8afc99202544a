package io.shoal.engine.resolver;

import io.shoal.dns.placement.ListenerPorts;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which ports each running container's resolver listens on, kept across engine restarts: one file per container,
 * {@code DIRECTORY/CONTAINER_ID}, holding {@code "UDP TCP"} ({@link ListenerPorts#text()}). A restarted engine binds
 * the same ports again and so finds the DNAT rule it left in the container's namespace still right (docs/engine.md,
 * "Restart"). A file lost, stale or unreadable costs only that: the rule is written again, never a wrong answer
 * (the rule is probed, {@link io.shoal.dns.placement.PortReuse}); so failures here are logged, not thrown.
 */
public final class ResolverPortFiles {
    private static final System.Logger LOG = System.getLogger(ResolverPortFiles.class.getName());
    private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{1,64}");

    private final Path directory;

    /** Keeps the files in {@code directory}, made when missing. */
    public ResolverPortFiles(Path directory) {
        this.directory = directory;
    }

    /** The ports recorded for the container, if a readable record is there. */
    public Optional<ListenerPorts> read(String containerId) {
        Optional<Path> file = fileOf(containerId);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ListenerPorts.parse(Files.readString(file.get(), StandardCharsets.US_ASCII)));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(
                    Level.WARNING,
                    "the DNS ports recorded in " + file.get() + " are not readable; new ones are used",
                    e);
            return Optional.empty();
        }
    }

    /** Records the ports (written to a temporary file, then renamed over the record). */
    public void write(String containerId, ListenerPorts ports) {
        Optional<Path> file = fileOf(containerId);
        if (file.isEmpty()) {
            return;
        }
        Path temporary = directory.resolve(containerId + ".tmp");
        try {
            ReplacedFiles.replace(file.get(), temporary, ports.text() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot record the DNS ports of container " + containerId + " in " + file.get(), e);
        }
    }

    /** Forgets the container's ports; nothing happens when none are recorded. */
    public void remove(String containerId) {
        Optional<Path> file = fileOf(containerId);
        if (file.isEmpty()) {
            return;
        }
        try {
            Files.deleteIfExists(file.get());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove " + file.get(), e);
        }
    }

    /** Only an engine id names a file: nothing else can reach outside the directory. */
    private Optional<Path> fileOf(String containerId) {
        return CONTAINER_ID.matcher(containerId).matches()
                ? Optional.of(directory.resolve(containerId))
                : Optional.empty();
    }
}
