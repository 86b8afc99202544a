package io.shoal.engine.containerd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * runc needs the cgroup hierarchies mounted where its process can see them. {@code scripts/in-netns} (ip-netns(8)
 * {@code exec}) gives the test JVM a mount namespace of its own with a fresh {@code /sys}, without them. This mounts
 * the host's hierarchies again — the same ones, as listed in PID 1's mountinfo — inside that private mount namespace
 * only; it refuses to mount anything in PID 1's own mount namespace.
 */
public final class CgroupMounts {
    private static final Path SELF_MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final Path HOST_MOUNTINFO = Path.of("/proc/1/mountinfo");

    private CgroupMounts() {}

    public static void ensure() throws IOException, InterruptedException {
        if (hasCgroupMount(Files.readAllLines(SELF_MOUNTINFO))) {
            return;
        }
        // Mount ids are unique system-wide: the same root mount id means the same mount namespace as PID 1's.
        // (Reading /proc/1/ns/mnt would need ptrace access to PID 1, which a sandbox may refuse even to root.)
        List<String> host = Files.readAllLines(HOST_MOUNTINFO);
        Assumptions.assumeFalse(
                rootMountId(Files.readAllLines(SELF_MOUNTINFO)).equals(rootMountId(host)),
                "no cgroup mounts, and this is the host's mount namespace: not mounting any here");
        for (String line : host) {
            Mountinfo entry = Mountinfo.parse(line);
            if (entry.mountPoint().equals("/sys/fs/cgroup") && entry.fsType().equals("tmpfs")) {
                run("mount", "-t", "tmpfs", "-o", "mode=755", "cgroup_root", "/sys/fs/cgroup");
            } else if (entry.isCgroup() && entry.mountPoint().startsWith("/sys/fs/cgroup")) {
                Files.createDirectories(Path.of(entry.mountPoint()));
                // A v1 hierarchy named without controllers (name=systemd) must say "none", or the kernel tries all.
                String options =
                        entry.superOptions().contains("name=") && entry.fsType().equals("cgroup")
                                ? "none," + entry.superOptions()
                                : entry.superOptions();
                run("mount", "-t", entry.fsType(), "-o", options, entry.fsType(), entry.mountPoint());
            }
        }
        Assumptions.assumeTrue(
                hasCgroupMount(Files.readAllLines(SELF_MOUNTINFO)), "the host has no cgroup hierarchy to share");
    }

    /** The cgroup v1 hierarchy directories (or the v2 root) under which runc makes a container's cgroup. */
    public static List<Path> hierarchies() throws IOException {
        List<Path> roots = new ArrayList<>();
        for (String line : Files.readAllLines(SELF_MOUNTINFO)) {
            Mountinfo entry = Mountinfo.parse(line);
            if (entry.isCgroup()) {
                roots.add(Path.of(entry.mountPoint()));
            }
        }
        return roots;
    }

    private static String rootMountId(List<String> mountinfo) {
        return mountinfo.stream()
                .filter(line -> Mountinfo.parse(line).mountPoint().equals("/"))
                .map(line -> line.substring(0, line.indexOf(' ')))
                .reduce((first, second) -> second)
                .orElse("none");
    }

    private static boolean hasCgroupMount(List<String> lines) {
        return lines.stream().map(Mountinfo::parse).anyMatch(Mountinfo::isCgroup);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    /** One line of proc(5) mountinfo: the fields Shoal's tests read. */
    record Mountinfo(String mountPoint, String fsType, String superOptions) {
        static Mountinfo parse(String line) {
            String[] halves = line.split(" - ", 2);
            String[] before = halves[0].split(" ", -1);
            String[] after = halves[1].split(" ", -1);
            return new Mountinfo(before[4], after[0], after.length > 2 ? after[2] : "");
        }

        boolean isCgroup() {
            return fsType.equals("cgroup") || fsType.equals("cgroup2");
        }
    }
}
