package io.shoal.netlink.testing;

import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetworkNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Looks for what tests may leave behind, reading only: test namespace files under {@code /run/netns}, their bind
 * mounts in this process's {@code /proc/self/mountinfo}, and links named with {@link TestNamespaces#PREFIX} or {@link
 * TestNamespaces#LINK_PREFIX} in the calling thread's own network namespace (the test JVM's, where no test may create
 * links).
 */
public final class NamespaceLeaks {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final Path NET_DEV = Path.of("/proc/thread-self/net/dev");
    private static final String RUN_PREFIX = NetworkNamespace.RUN_DIRECTORY + "/";

    private NamespaceLeaks() {}

    /** Leftovers made by this JVM. */
    public static List<String> fromThisJvm() {
        return find(TestNamespaces::isOwnedByThisJvm);
    }

    /** Leftovers made by this JVM, by dead JVMs, or carrying no owner: everything but other live test JVMs' work. */
    public static List<String> fromHere() {
        return find(TestNamespaces::isLeakedFromHere);
    }

    /** Fails with the list of leftovers made by this JVM. */
    public static void assertNoneFromThisJvm(String when) {
        failIfAny(fromThisJvm(), when);
    }

    /** Fails with the list of leftovers made here or by dead test runs. */
    public static void assertNoneFromHere(String when) {
        failIfAny(fromHere(), when);
    }

    /** Descriptions of leftovers whose namespace name satisfies {@code owned}; links are reported whoever made them. */
    static List<String> find(Predicate<String> owned) {
        List<String> leftovers = new ArrayList<>();
        try {
            for (String name : NetworkNamespace.names()) {
                if (TestNamespaces.isTestName(name) && owned.test(name)) {
                    leftovers.add("namespace file " + NetworkNamespace.RUN_DIRECTORY.resolve(name));
                }
            }
        } catch (KernelException e) {
            throw new IllegalStateException("cannot list " + NetworkNamespace.RUN_DIRECTORY, e);
        }
        for (String mountPoint : mountPoints()) {
            if (mountPoint.startsWith(RUN_PREFIX)) {
                String name = mountPoint.substring(RUN_PREFIX.length());
                if (TestNamespaces.isTestName(name) && owned.test(name)) {
                    leftovers.add("mount " + mountPoint);
                }
            }
        }
        for (String link : linkNames()) {
            if (link.startsWith(TestNamespaces.PREFIX) || link.startsWith(TestNamespaces.LINK_PREFIX)) {
                leftovers.add("link " + link + " in the test JVM's own network namespace");
            }
        }
        return leftovers;
    }

    private static void failIfAny(List<String> leftovers, String when) {
        if (!leftovers.isEmpty()) {
            throw new AssertionError("tests left kernel objects behind " + when + ": " + String.join(", ", leftovers));
        }
    }

    /** Field 5 of each mountinfo line, with the octal escapes (\040 for space) decoded (proc(5)). */
    private static List<String> mountPoints() {
        List<String> points = new ArrayList<>();
        for (String line : readLines(MOUNTINFO)) {
            String[] fields = line.split(" ", -1);
            if (fields.length > 4) {
                points.add(unescape(fields[4]));
            }
        }
        return points;
    }

    /** The interface names of /proc/thread-self/net/dev: two header lines, then "  name: counters". */
    private static List<String> linkNames() {
        List<String> names = new ArrayList<>();
        List<String> lines = readLines(NET_DEV);
        for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                names.add(line.substring(0, colon).trim());
            }
        }
        return names;
    }

    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
