package io.shoal.engine.containerd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A root filesystem made of Debian's busybox-static: {@code /bin/busybox} and a relative symlink per applet
 * ({@code busybox --install -s} would make absolute links to the host's path), plus the empty directories runc mounts
 * on.
 */
public final class BusyboxRootfs {
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private BusyboxRootfs() {}

    public static Path create(Path directory) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(BUSYBOX), "busybox-static is not installed (" + BUSYBOX + ")");
        Path bin = Files.createDirectories(directory.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String applet : applets()) {
            if (!applet.equals("busybox")) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
        }
        for (String empty : List.of("proc", "sys", "dev", "etc", "tmp", "run")) {
            Files.createDirectories(directory.resolve(empty));
        }
        return directory;
    }

    /** The applet names busybox lists ({@code busybox --list}), itself included. */
    public static List<String> applets() throws IOException, InterruptedException {
        Process list = new ProcessBuilder(BUSYBOX.toString(), "--list").start();
        String out = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!list.waitFor(10, TimeUnit.SECONDS) || list.exitValue() != 0) {
            throw new IOException("busybox --list failed");
        }
        return out.lines().filter(line -> !line.isBlank()).toList();
    }
}
