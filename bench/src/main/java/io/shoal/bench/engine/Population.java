package io.shoal.bench.engine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The standing load of the memory and DNS scenarios: {@code networks} user networks {@code shoalbench-pop-K}, each with
 * {@code perNetwork} running containers {@code shoalbench-pop-K-I} (K, I from 1). The containers of network 1 are
 * the names dnsperf asks for (an A question each), from inside {@code shoalbench-pop-1-1}.
 */
public final class Population {
    private final Path socket;
    private final String image;
    private final int networks;
    private final int perNetwork;
    private final PrintStream progress;

    public Population(Path socket, String image, int networks, int perNetwork, PrintStream progress) {
        this.socket = socket;
        this.image = image;
        this.networks = networks;
        this.perNetwork = perNetwork;
        this.progress = progress;
    }

    static String network(int k) {
        return "shoalbench-pop-" + k;
    }

    static String container(int k, int i) {
        return network(k) + "-" + i;
    }

    /**
     * Creates the networks and starts the containers, writes dnsperf's query file ({@code NAME A} per line) and returns
     * the host pid of the client container, in whose network namespace dnsperf is to run.
     */
    public long create(Path queries) throws IOException {
        try (EngineApi api = new EngineApi(socket)) {
            long start = System.nanoTime();
            for (int k = 1; k <= networks; k++) {
                api.createNetwork(network(k));
                for (int i = 1; i <= perNetwork; i++) {
                    String id = api.createContainer(container(k, i), network(k), image, "sleep", "86400");
                    api.start(id);
                }
                progress.printf("  network %s: %d containers running%n", network(k), perNetwork);
            }
            progress.printf(
                    "  %d containers on %d networks started in %.1f s%n",
                    networks * perNetwork, networks, (System.nanoTime() - start) / 1e9);
            List<String> lines = new ArrayList<>();
            for (int i = 1; i <= perNetwork; i++) {
                lines.add(container(1, i) + " A");
            }
            Files.write(queries, lines, StandardCharsets.US_ASCII);
            return api.pid(container(1, 1));
        }
    }

    /** Removes every container and network of the population that exists (404s are not errors). */
    public void remove() throws IOException {
        try (EngineApi api = new EngineApi(socket)) {
            for (int k = 1; k <= networks; k++) {
                for (int i = 1; i <= perNetwork; i++) {
                    api.removeForceIfPresent(container(k, i));
                }
                api.removeNetworkIfPresent(network(k));
            }
        }
    }
}
