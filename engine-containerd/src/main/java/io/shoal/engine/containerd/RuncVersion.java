package io.shoal.engine.containerd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * runc's version and commit as {@code runc --version} prints them ({@code runc version 1.1.5+ds1}, {@code commit:
 * 1.1.5+ds1-1+deb12u1}), read as dockerd reads them for {@code docker info} ({@code parseRuntimeVersion}).
 */
public record RuncVersion(String version, String commit) {
    private static final long WAIT_SECONDS = 5;

    /** Parses the output of {@code runc --version}; empty parts when a line is missing. */
    static RuncVersion parse(String output) {
        String version = "";
        String commit = "";
        for (String line : output.lines().toList()) {
            String text = line.strip();
            if (text.startsWith("runc version ")) {
                version = text.substring("runc version ".length()).strip();
            } else if (text.startsWith("commit:")) {
                commit = text.substring("commit:".length()).strip();
            }
        }
        return new RuncVersion(version, commit);
    }

    /** Runs {@code binary --version} (at most five seconds); empty when it cannot be run or fails. */
    public static Optional<RuncVersion> of(String binary) {
        try {
            Process process = new ProcessBuilder(binary, "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 ? Optional.of(parse(output)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
