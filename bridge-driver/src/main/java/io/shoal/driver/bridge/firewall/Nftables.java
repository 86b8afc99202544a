package io.shoal.driver.bridge.firewall;

import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Applies an nftables script with the {@code nft} binary ({@code nft -f -}: one atomic transaction). The process is
 * started by the calling thread, so it runs in that thread's network namespace: call it from inside the namespace
 * whose firewall should change.
 */
public final class Nftables {
    private static final long TIMEOUT_SECONDS = 30;

    private final String binary;

    public Nftables() {
        this("nft");
    }

    public Nftables(String binary) {
        this.binary = binary;
    }

    /**
     * Applies {@code script}; on failure nothing of it is applied (nft's transaction is all or nothing).
     *
     * @throws DriverException UNAVAILABLE when nft cannot run, INTERNAL with nft's own message when it refuses
     */
    public void apply(String script) {
        run(List.of(binary, "-f", "-"), script);
    }

    /** Checks {@code script} without applying it ({@code nft -c}). */
    public void check(String script) {
        run(List.of(binary, "-c", "-f", "-"), script);
    }

    /** The current ruleset of one table, e.g. family {@code inet} and name {@code shoal}, as nft lists it. */
    public String listTable(String family, String name) {
        return run(List.of(binary, "list", "table", family, name), "");
    }

    private String run(List<String> command, String input) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new DriverException(
                    ErrorKind.UNAVAILABLE, "cannot run " + binary + " (install the nftables package): " + e, e);
        }
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            process.destroyForcibly();
            throw DriverException.internal("cannot write the ruleset to " + binary + ": " + e, e);
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw DriverException.unavailable(binary + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw DriverException.internal("interrupted while waiting for " + binary, e);
        }
        if (process.exitValue() != 0) {
            throw DriverException.internal(
                    String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                            + stderr.join().strip(),
                    null);
        }
        return stdout.join();
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        });
    }
}
