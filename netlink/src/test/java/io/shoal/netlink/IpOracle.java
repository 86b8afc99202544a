package io.shoal.netlink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * iproute2 as a test oracle: runs {@code ip -j ARGS} inside a namespace (via {@code nsenter --net=PATH}) and returns
 * its JSON. Only tests use it; Shoal itself never runs {@code ip}.
 */
final class IpOracle {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IpOracle() {}

    /** The JSON output of {@code ip -j ARGS} in {@code namespace}. */
    static JsonNode json(NetworkNamespace namespace, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + namespace.path(), "ip", "-j"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
        return JSON.readTree(output);
    }
}
