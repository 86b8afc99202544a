package io.shoal.dns.firewall;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code nft -f -} with a ruleset on its standard input, in the network namespace of the calling thread: a child
 * process starts in the namespace of the thread that spawns it (clone(2) copies the caller's namespaces), so calling
 * this from {@code NetworkNamespace.callInside} applies the rules inside that namespace with no {@code ip netns exec}
 * and no named namespace needed. The only process Shoal's DNS starts.
 */
public final class Nft {
    private static final long TIMEOUT_SECONDS = 10;

    private final Path binary;

    /** Uses the {@code nft} binary at {@code binary}. */
    public Nft(Path binary) {
        this.binary = binary;
    }

    /** Uses {@code /usr/sbin/nft}, where Debian's nftables package puts it. */
    public static Nft system() {
        return new Nft(Path.of("/usr/sbin/nft"));
    }

    /**
     * Applies {@code ruleset} as one transaction (nft(8): a file is applied atomically, all or nothing).
     *
     * @throws IOException nft could not start, failed (the message carries its exit code and standard error, which
     *     names the offending line), or took longer than ten seconds
     */
    public void apply(String ruleset) throws IOException {
        List<String> command = List.of(binary.toString(), "-f", "-");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(ruleset.getBytes(StandardCharsets.UTF_8));
        }
        String output;
        try (InputStream stdout = process.getInputStream()) {
            output = new String(stdout.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("nft -f - did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for nft -f -", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("nft -f - exited with " + process.exitValue() + ": " + output);
        }
    }
}
