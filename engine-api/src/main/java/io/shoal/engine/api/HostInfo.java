package io.shoal.engine.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code GET /info} says about the machine: its host name, operating system (os-release(5) {@code
 * PRETTY_NAME}) and version, CPU count, memory in bytes (proc(5) {@code /proc/meminfo} MemTotal), and the engine's data
 * root (Docker's {@code DockerRootDir}).
 */
public record HostInfo(
        String name, String operatingSystem, String osVersion, int cpus, long memTotal, String dataRoot) {
    /** The running machine's facts, with {@code dataRoot} as the engine's data root; unknown values are empty or 0. */
    public static HostInfo current(Path dataRoot) {
        return new HostInfo(
                read(Path.of("/proc/sys/kernel/hostname")).strip(),
                osRelease("PRETTY_NAME", "Linux"),
                osRelease("VERSION_ID", ""),
                Runtime.getRuntime().availableProcessors(),
                readMemTotal(),
                dataRoot.toString());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String osRelease(String key, String fallback) {
        for (String line : read(Path.of("/etc/os-release")).lines().toList()) {
            if (line.startsWith(key + "=")) {
                String value = line.substring(key.length() + 1).strip();
                return value.replaceAll("^\"|\"$", "");
            }
        }
        return fallback;
    }

    /** MemTotal of /proc/meminfo, which is in KiB ({@code MemTotal:  16314464 kB}), in bytes. */
    static long readMemTotal() {
        List<String> lines = read(Path.of("/proc/meminfo")).lines().toList();
        for (String line : lines) {
            if (line.startsWith("MemTotal:")) {
                String digits = line.substring("MemTotal:".length()).replaceAll("[^0-9]", "");
                try {
                    return Long.parseLong(digits) * 1024;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
