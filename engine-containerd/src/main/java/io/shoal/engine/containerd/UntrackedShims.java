package io.shoal.engine.containerd;

import io.shoal.engine.runtime.ContainerRuntimeException;
import io.shoal.engine.runtime.ContainerRuntimeException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds and ends the runc v2 shims of one containerd namespace that containerd no longer tracks. containerd 1.6 leaks
 * a shim when the client of a {@code Tasks.Create} goes away while the shim creates the container (containerd issues
 * 6860 and 13293): the cancelled call forgets the shim, which keeps running with the container's rootfs mounted and,
 * if runc got that far, a created runc container. Nothing but its command line and working directory lead to it.
 *
 * <p>A shim is ours when its command line is {@code containerd-shim-runc-v2 -namespace NS -id ID -address SOCKET}
 * with this adapter's namespace and socket (the long-lived form; the short {@code start} and {@code delete} actions
 * are left alone). For each whose ID has no task in containerd: runc's container is deleted with {@code runc --root
 * RUNC_ROOT/NS delete --force ID}, the shim killed (SIGKILL: it serves nothing), and its bundle (its working
 * directory, {@code .../io.containerd.runtime.v2.task/NS/ID}) cleaned as containerd's own clean-up of a dead shim
 * does: the rootfs unmounted, the shim's socket named in {@code address} and the bundle removed.
 */
final class UntrackedShims {
    private static final String SHIM = "containerd-shim-runc-v2";
    private static final Path DEFAULT_RUNC_ROOT = Path.of("/run/containerd/runc");
    private static final Path SHIM_SOCKETS = Path.of("/run/containerd/s");
    private static final long WAIT_SECONDS = 30;

    private final ContainerdSettings settings;

    UntrackedShims(ContainerdSettings settings) {
        this.settings = settings;
    }

    /** A long-lived shim: its pid and the container id it serves. */
    record Shim(long pid, String id) {}

    /** Ends every shim of this namespace and socket whose id is not in {@code tracked}; one line per shim ended. */
    List<String> end(Set<String> tracked) throws ContainerRuntimeException {
        List<String> ended = new ArrayList<>();
        for (Shim shim : find()) {
            if (!tracked.contains(shim.id())) {
                ended.add(end(shim));
            }
        }
        return ended;
    }

    /** The long-lived shims whose command line names this adapter's namespace and socket. */
    List<Shim> find() {
        List<Shim> shims = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                readCommandLine(entry)
                        .flatMap(argv -> shimOf(
                                argv, settings.namespace(), settings.socket().toString()))
                        .ifPresent(id -> shims.add(new Shim(Long.parseLong(name), id)));
            }
        } catch (IOException e) {
            // /proc not listable: nothing can be found, so nothing is ended.
            return shims;
        }
        return shims;
    }

    /**
     * The container id of a long-lived shim of {@code namespace} at {@code socket}, from its argv; empty for any other
     * process (another namespace or containerd, a shim's short {@code start} or {@code delete} action).
     */
    static Optional<String> shimOf(List<String> argv, String namespace, String socket) {
        if (argv.isEmpty() || !Path.of(argv.get(0)).getFileName().toString().equals(SHIM)) {
            return Optional.empty();
        }
        String last = argv.get(argv.size() - 1);
        if (last.equals("start") || last.equals("delete")) {
            return Optional.empty();
        }
        Optional<String> ns = flag(argv, "-namespace");
        Optional<String> address = flag(argv, "-address");
        Optional<String> id = flag(argv, "-id");
        if (ns.equals(Optional.of(namespace)) && address.equals(Optional.of(socket))) {
            return id;
        }
        return Optional.empty();
    }

    private static Optional<String> flag(List<String> argv, String name) {
        int at = argv.indexOf(name);
        return at >= 0 && at + 1 < argv.size() ? Optional.of(argv.get(at + 1)) : Optional.empty();
    }

    private static Optional<List<String>> readCommandLine(Path process) {
        try {
            String raw = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
            return raw.isEmpty() ? Optional.empty() : Optional.of(List.of(raw.split("\0")));
        } catch (IOException e) {
            return Optional.empty(); // gone meanwhile, or not readable: not one of ours to end
        }
    }

    private String end(Shim shim) throws ContainerRuntimeException {
        Optional<Path> bundle = bundleOf(shim);
        List<String> done = new ArrayList<>();
        Path runcRoot = settings.runcRoot().orElse(DEFAULT_RUNC_ROOT).resolve(settings.namespace());
        if (Files.isDirectory(runcRoot.resolve(shim.id()))) {
            run(
                    "delete the runc container",
                    shim.id(),
                    "runc",
                    "--root",
                    runcRoot.toString(),
                    "delete",
                    "--force",
                    shim.id());
            done.add("runc container deleted");
        }
        ProcessHandle.of(shim.pid()).ifPresent(process -> {
            process.destroyForcibly();
            try {
                process.onExit().get(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // reported below: the line says the shim was killed, the next start finds it again if it lives
            }
        });
        if (bundle.isPresent()) {
            done.addAll(cleanBundle(shim.id(), bundle.get()));
        }
        return "untracked containerd shim (pid " + shim.pid() + ") of container " + shim.id() + " ended"
                + (done.isEmpty() ? "" : ": " + String.join(", ", done));
    }

    /** The shim's working directory when it is its bundle, {@code .../NS/ID}. */
    private Optional<Path> bundleOf(Shim shim) {
        try {
            Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(shim.pid()), "cwd"));
            boolean bundle = cwd.getNameCount() >= 2
                    && cwd.getFileName().toString().equals(shim.id())
                    && cwd.getParent().getFileName().toString().equals(settings.namespace());
            return bundle ? Optional.of(cwd) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<String> cleanBundle(String id, Path bundle) throws ContainerRuntimeException {
        List<String> done = new ArrayList<>();
        Path rootfs = bundle.resolve("rootfs");
        if (mounted(rootfs)) {
            run("unmount the rootfs", id, "umount", rootfs.toString());
            done.add("rootfs unmounted");
        }
        try {
            Path address = bundle.resolve("address");
            if (Files.isRegularFile(address)) {
                String socket = Files.readString(address).trim().replaceFirst("^unix://", "");
                Path path = Path.of(socket);
                if (path.startsWith(SHIM_SOCKETS) && Files.deleteIfExists(path)) {
                    done.add("socket " + path + " removed");
                }
            }
            if (Files.isDirectory(bundle) && !mounted(rootfs)) {
                try (Stream<Path> files = Files.walk(bundle)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(file);
                    }
                }
                done.add("bundle " + bundle + " removed");
            }
        } catch (IOException e) {
            throw new ContainerRuntimeException(Kind.INTERNAL, "remove the bundle", id, e.toString(), e);
        }
        return done;
    }

    private static boolean mounted(Path point) throws ContainerRuntimeException {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(line -> line.split(" ", -1))
                    .anyMatch(fields -> fields.length > 4 && fields[4].equals(point.toString()));
        } catch (IOException e) {
            throw new ContainerRuntimeException(Kind.INTERNAL, "read the mounts", point.toString(), e.toString(), e);
        }
    }

    private static void run(String what, String id, String... command) throws ContainerRuntimeException {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ContainerRuntimeException(Kind.DEADLINE_EXCEEDED, what, id, "took too long", null);
            }
            if (process.exitValue() != 0) {
                throw new ContainerRuntimeException(
                        Kind.INTERNAL, what, id, String.join(" ", command) + ": " + output.trim(), null);
            }
        } catch (IOException e) {
            throw new ContainerRuntimeException(Kind.INTERNAL, what, id, e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException(Kind.INTERNAL, what, id, "interrupted", e);
        }
    }
}
