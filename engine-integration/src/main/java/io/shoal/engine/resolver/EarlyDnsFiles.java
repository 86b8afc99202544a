package io.shoal.engine.resolver;

import io.shoal.engine.dns.DnsEntry;
import io.shoal.net.IpPrefix;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The early DNS side files, {@code DIRECTORY/CONTAINER_ID} ({@link EarlyDnsFile}): one per container whose resolver
 * is attached, rewritten (temporary file, then rename) whenever what it holds changes and removed when the resolver
 * is detached; kept when the engine stops with its containers running, for the next start to read before its store
 * (docs/engine.md "Restart"). The name service tells this class every change ({@link EmbeddedDnsNameService}); it
 * keeps the current state of each container and writes a file only when its text changes. The writes and removals
 * happen after the call returns, on a writer thread of their own ({@link SideFileWriter}: a connect's reply does not
 * wait for the disk); {@link #close} waits for them.
 *
 * <p>The files are a copy, never the truth: a file lost, stale or unreadable costs a restart only the early answers
 * of that container until the store is open, so failures here are logged, not thrown. Thread-safe.
 */
public final class EarlyDnsFiles implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EarlyDnsFiles.class.getName());
    private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{64}");

    private final Path directory;
    private final SideFileWriter writer;
    private final Map<String, Definition> definitions = new HashMap<>();
    private final Map<String, Container> containers = new HashMap<>();
    private final Map<String, String> written = new HashMap<>();

    private record Definition(List<IpPrefix> subnets, boolean ownsReverse) {}

    /** One container: its resolver's namespace and upstreams once attached, its entry per network name. */
    private static final class Container {
        Optional<Path> sandbox = Optional.empty();
        List<InetSocketAddress> upstreams = List.of();
        final Map<String, DnsEntry> entries = new LinkedHashMap<>();
    }

    /** Keeps the files in {@code directory}, made when missing, written by a thread of their own. */
    public EarlyDnsFiles(Path directory) {
        this(directory, SideFileWriter.inBackground());
    }

    /** Keeps the files in {@code directory}, written by {@code writer} (tests). */
    EarlyDnsFiles(Path directory, SideFileWriter writer) {
        this.directory = directory;
        this.writer = writer;
    }

    /** A network was defined (or its definition replaced). */
    public synchronized void defined(String network, List<IpPrefix> subnets, boolean ownsReverse) {
        Definition definition = new Definition(List.copyOf(subnets), ownsReverse);
        if (!definition.equals(definitions.put(network, definition))) {
            containers.forEach((id, container) -> {
                if (container.entries.containsKey(network)) {
                    save(id, container);
                }
            });
        }
    }

    /** A network was removed with all its names. */
    public synchronized void removed(String network) {
        definitions.remove(network);
        containers.forEach((id, container) -> {
            if (container.entries.remove(network) != null) {
                save(id, container);
            }
        });
    }

    /** A container's entry on a network was published (or replaced). */
    public synchronized void published(String network, DnsEntry entry) {
        Container container = containers.computeIfAbsent(entry.containerId(), id -> new Container());
        if (!entry.equals(container.entries.put(network, entry))) {
            save(entry.containerId(), container);
        }
    }

    /** A container's entry on a network was withdrawn. */
    public synchronized void withdrawn(String network, String containerId) {
        Container container = containers.get(containerId);
        if (container != null && container.entries.remove(network) != null) {
            save(containerId, container);
            forgetIfEmpty(containerId, container);
        }
    }

    /** A container's resolver was attached in {@code sandbox} with {@code upstreams}. */
    public synchronized void attached(String containerId, Path sandbox, List<InetSocketAddress> upstreams) {
        Container container = containers.computeIfAbsent(containerId, id -> new Container());
        container.sandbox = Optional.of(sandbox);
        container.upstreams = List.copyOf(upstreams);
        save(containerId, container);
    }

    /** A container's resolver was detached: its file goes. */
    public synchronized void detached(String containerId) {
        Container container = containers.get(containerId);
        if (container != null) {
            container.sandbox = Optional.empty();
            forgetIfEmpty(containerId, container);
        }
        written.remove(containerId);
        fileOf(containerId).ifPresent(writer::delete);
    }

    /**
     * Every readable side file in the directory, noting each as written so that the same state published again
     * writes nothing. A file that cannot be read or parsed, or whose container id is not its name, is logged and
     * left out (the store-based step serves that container; its next attach rewrites the file).
     */
    public synchronized List<EarlyDnsFile> readAll() {
        List<EarlyDnsFile> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path file : entries) {
                String name = file.getFileName().toString();
                if (CONTAINER_ID.matcher(name).matches()) {
                    read(file, name).ifPresent(files::add);
                }
            }
        } catch (NoSuchFileException absent) {
            return List.of();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "early DNS: cannot list " + directory + "; the store will serve", e);
        }
        return files;
    }

    private Optional<EarlyDnsFile> read(Path file, String containerId) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            EarlyDnsFile parsed = EarlyDnsFile.parse(text);
            if (!parsed.containerId().equals(containerId)) {
                throw new EarlyDnsFileException("names container " + parsed.containerId());
            }
            written.put(containerId, text);
            return Optional.of(parsed);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException | EarlyDnsFileException e) {
            LOG.log(
                    Level.WARNING,
                    "early DNS: side file " + file + " skipped (" + e.getMessage() + "); the store will serve it");
            return Optional.empty();
        }
    }

    private void forgetIfEmpty(String containerId, Container container) {
        if (container.sandbox.isEmpty() && container.entries.isEmpty()) {
            containers.remove(containerId);
        }
    }

    /** Writes the container's file when its resolver is attached and the text changed. */
    private void save(String containerId, Container container) {
        Optional<Path> file = fileOf(containerId);
        if (container.sandbox.isEmpty() || file.isEmpty()) {
            return;
        }
        List<EarlyDnsFile.Network> networks = new ArrayList<>();
        container.entries.forEach((network, entry) -> {
            Definition definition = definitions.get(network);
            if (definition != null) {
                networks.add(new EarlyDnsFile.Network(network, definition.subnets(), definition.ownsReverse(), entry));
            }
        });
        Optional<String> text =
                new EarlyDnsFile(containerId, container.sandbox.get(), container.upstreams, networks).encode();
        if (text.isEmpty()) {
            written.remove(containerId);
            writer.delete(file.get()); // a value no file can hold: the store serves this container at the next start
            return;
        }
        if (!text.get().equals(written.get(containerId))) {
            writer.replace(file.get(), text.get());
            written.put(containerId, text.get());
        }
    }

    /**
     * Waits until every change told before is on disk; later ones are written on the caller's thread. The engine calls
     * it when it stops, so that the files it leaves for the next start are current.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    @Override
    public void close() throws InterruptedException {
        writer.close();
    }

    /** Only an engine id names a file: nothing else can reach outside the directory. */
    private Optional<Path> fileOf(String containerId) {
        return CONTAINER_ID.matcher(containerId).matches()
                ? Optional.of(directory.resolve(containerId))
                : Optional.empty();
    }
}
