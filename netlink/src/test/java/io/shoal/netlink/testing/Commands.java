package io.shoal.netlink.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line tool (iproute2's {@code ip}, {@code sysctl}) as a test oracle: Shoal's own code never does, tests
 * cross-check what it did with the tools everyone trusts.
 */
public final class Commands {
    private static final long TIMEOUT_SECONDS = 30;

    private Commands() {}

    /** Runs {@code command}, returns its standard output; a non-zero exit fails with the exit code and stderr. */
    public static String run(String... command) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("shoal-command", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(errors.toFile())
                    .start();
            String out;
            try (InputStream stdout = process.getInputStream()) {
                out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                        + Files.readString(errors).strip());
            }
            return out;
        } finally {
            Files.delete(errors);
        }
    }
}
