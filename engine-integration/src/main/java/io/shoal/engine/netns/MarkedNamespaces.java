package io.shoal.engine.netns;

import io.shoal.engine.errors.EngineException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes at a start the sandbox namespaces Shoal made that no stored container owns: those with a marker in
 * {@link NetlinkSandboxHost}'s markers directory ({@code DATA_ROOT/netns/shoal-ID}) whose sandbox id is no stored
 * container's short id (a crash between a namespace's creation and its record, or a removal that failed half way).
 * Each goes as {@link NetlinkSandboxHost#deleteNamespace} removes one: the bind mount under {@code /run/netns}
 * unmounted, its file and the marker removed (the namespace's own {@code shoal-dns} table and links go with it).
 *
 * <p>Never touched: a namespace without a marker, even one named {@code shoal-…} (another data root's, a user's), nor
 * anything of a stored container. One log line per removed namespace; a failure is logged and the others are still
 * removed; nothing is thrown, so a start never fails over a leftover.
 */
public final class MarkedNamespaces {
    private static final System.Logger LOG = System.getLogger(MarkedNamespaces.class.getName());
    private static final Pattern SANDBOX_ID = Pattern.compile("[0-9a-f]{12,64}");

    private final NetlinkSandboxHost sandboxes;
    private final String prefix;
    private final Path markers;

    /**
     * @param sandboxes the sandbox host whose namespaces these are
     * @param prefix the namespace names' prefix ({@link NetlinkSandboxHost#PREFIX})
     * @param markers the sandbox host's markers directory
     */
    public MarkedNamespaces(NetlinkSandboxHost sandboxes, String prefix, Path markers) {
        this.sandboxes = sandboxes;
        this.prefix = prefix;
        this.markers = markers;
    }

    /**
     * Removes every marked namespace whose sandbox id is not in {@code owned}.
     *
     * @param owned the sandbox ids stored containers hold (their short ids)
     * @return the removed namespaces' names
     */
    public List<String> removeOrphans(Set<String> owned) {
        List<String> removed = new ArrayList<>();
        for (String name : markedNames()) {
            String sandboxId = name.substring(prefix.length());
            if (!SANDBOX_ID.matcher(sandboxId).matches() || owned.contains(sandboxId)) {
                continue;
            }
            try {
                sandboxes.deleteNamespace(sandboxId);
                removed.add(name);
                LOG.log(Level.INFO, "orphaned sandbox namespace " + name + " removed: no stored container owns it");
            } catch (EngineException e) {
                LOG.log(
                        Level.WARNING,
                        "orphaned sandbox namespace " + name + " could not be removed: " + e.getMessage());
            }
        }
        return removed;
    }

    private List<String> markedNames() {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(markers, prefix + "*")) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (NoSuchFileException none) {
            return List.of();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list the sandbox markers in " + markers + ": " + e.getMessage());
        }
        names.sort(null);
        return names;
    }
}
