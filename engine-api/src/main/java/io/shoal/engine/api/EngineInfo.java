package io.shoal.engine.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * What {@code GET /version} and the {@code Server} header say about this engine.
 *
 * @param version Shoal's version (the Maven project version)
 * @param gitCommit the commit it was built from, or {@code unknown} when the build was not told
 * @param buildTime when it was built, ISO-8601 UTC
 * @param runtimeVersion the runtime that runs it, reported where Docker reports its Go version: {@code Java
 *     17.0.15+6-…}
 * @param os the operating system in Go's terms, {@code linux}
 * @param arch the CPU architecture in Go's terms ({@code amd64}, {@code arm64})
 * @param kernelVersion the kernel release, as {@code uname -r}
 */
public record EngineInfo(
        String version,
        String gitCommit,
        String buildTime,
        String runtimeVersion,
        String os,
        String arch,
        String kernelVersion) {
    private static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");

    /**
     * The running engine: version, commit and build time from {@code build.properties} (written by the build), the
     * JVM's version, and the kernel release from {@code /proc/sys/kernel/osrelease} (proc(5); the same string as
     * uname(2)'s {@code release}).
     *
     * @throws UncheckedIOException if the build properties or the kernel release cannot be read
     */
    public static EngineInfo current() {
        Properties build = buildProperties();
        return new EngineInfo(
                build.getProperty("version", "unknown"),
                build.getProperty("gitCommit", "unknown"),
                build.getProperty("buildTime", "unknown"),
                "Java " + Runtime.version(),
                "linux",
                goArch(System.getProperty("os.arch")),
                kernelRelease());
    }

    /** Go's GOARCH for a Java {@code os.arch}: the two differ for x86-64 and 64-bit ARM. */
    static String goArch(String javaArch) {
        return switch (javaArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> javaArch.toLowerCase(Locale.ROOT);
        };
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = EngineInfo.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("build.properties missing from the engine-api jar"));
            }
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read engine-api's build.properties", e);
        }
    }

    private static String kernelRelease() {
        try {
            return Files.readString(OSRELEASE, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kernel release from " + OSRELEASE, e);
        }
    }
}
