package io.shoal.bench.engine;

import io.shoal.bench.Latencies;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The timed API scenarios of issue 11, on one engine: each call timed from request written to response read (one
 * kept-alive connection, so neither CLI start-up nor connection set-up is in the figure), {@code warmup} untimed runs
 * first, then {@code runs} timed ones; median and p90.
 *
 * <ul>
 *   <li>network create, network rm (bridge, the engine's default pool);
 *   <li>connect and disconnect of a running container (started on one user network) to and from a second one;
 *   <li>create + start (one sample: both calls, as {@code docker run -d}), on a user network and with
 *       {@code --network none}, alternating which goes first; then {@code rm -f} of each, likewise. Networking's share
 *       is the difference of the medians;
 *   <li>{@code parallel} concurrent create + start (one connection each, released together), on a user network and
 *       with none: the wall time until the last has started, over {@code rounds} rounds.
 * </ul>
 *
 * {@code scenarios} picks which of them run, by the names of {@link #SCENARIOS} ({@code network}, {@code connect},
 * {@code run}, {@code parallel}), so one cost can be measured without the minutes the others take.
 *
 * <p>Every container runs {@code sleep 86400} in {@code image}. Everything made is named {@code shoalbench-lat-*} or
 * tracked, and removed at the end even when a call fails.
 */
public final class LatencyScenarios {
    private static final String NETWORK = "shoalbench-lat";
    private static final String SECOND_NETWORK = "shoalbench-lat-conn";
    private static final String[] COMMAND = {"sleep", "86400"};
    /** The scenarios' names, in the order they run. */
    public static final List<String> SCENARIOS = List.of("network", "connect", "run", "parallel");

    private final String engine;
    private final Path socket;
    private final String image;
    private final int runs;
    private final int warmup;
    private final int parallel;
    private final int rounds;
    private final Set<String> scenarios;
    private final PrintStream progress;
    /** Containers created and not yet removed, by id: removed at the end whatever happened. */
    private final Set<String> made = ConcurrentHashMap.newKeySet();

    public LatencyScenarios(
            String engine,
            Path socket,
            String image,
            int runs,
            int warmup,
            int parallel,
            int rounds,
            Set<String> scenarios,
            PrintStream progress) {
        if (!SCENARIOS.containsAll(scenarios)) {
            throw new IllegalArgumentException("unknown scenarios " + scenarios + "; known: " + SCENARIOS);
        }
        this.engine = engine;
        this.socket = socket;
        this.image = image;
        this.runs = runs;
        this.warmup = warmup;
        this.parallel = parallel;
        this.rounds = rounds;
        this.scenarios = Set.copyOf(scenarios);
        this.progress = progress;
    }

    public List<Result> run() throws IOException, InterruptedException {
        List<Result> results = new ArrayList<>();
        try (EngineApi api = new EngineApi(socket)) {
            api.ping();
            removeLeftovers(api);
            try {
                if (scenarios.contains("network")) {
                    networks(api, results);
                }
                api.createNetwork(NETWORK);
                api.createNetwork(SECOND_NETWORK);
                if (scenarios.contains("connect")) {
                    connectDisconnect(api, results);
                }
                if (scenarios.contains("run")) {
                    runAndRemove(api, results);
                }
                if (scenarios.contains("parallel")) {
                    parallelRuns(results);
                }
            } finally {
                removeLeftovers(api);
            }
        }
        return results;
    }

    private void networks(EngineApi api, List<Result> results) throws IOException {
        progress.printf("%s: network create / rm, %d + %d runs%n", engine, warmup, runs);
        Latencies create = new Latencies(runs);
        Latencies remove = new Latencies(runs);
        for (int i = 0; i < warmup + runs; i++) {
            String name = "shoalbench-lat-net" + i;
            boolean timed = i >= warmup;
            long start = System.nanoTime();
            String id = api.createNetwork(name);
            long created = System.nanoTime();
            api.removeNetwork(id);
            long removed = System.nanoTime();
            if (timed) {
                create.add(created - start);
                remove.add(removed - created);
            }
        }
        results.add(latency("network create", create));
        results.add(latency("network rm", remove));
    }

    private void connectDisconnect(EngineApi api, List<Result> results) throws IOException {
        progress.printf("%s: network connect / disconnect of a running container%n", engine);
        String container = runDetached(api, "shoalbench-lat-conn", NETWORK);
        Latencies connect = new Latencies(runs);
        Latencies disconnect = new Latencies(runs);
        for (int i = 0; i < warmup + runs; i++) {
            long start = System.nanoTime();
            api.connect(SECOND_NETWORK, container);
            long connected = System.nanoTime();
            api.disconnect(SECOND_NETWORK, container);
            long disconnected = System.nanoTime();
            if (i >= warmup) {
                connect.add(connected - start);
                disconnect.add(disconnected - connected);
            }
        }
        remove(api, container);
        results.add(latency("network connect (running container)", connect));
        results.add(latency("network disconnect (running container)", disconnect));
    }

    private void runAndRemove(EngineApi api, List<Result> results) throws IOException {
        progress.printf("%s: create + start and rm -f, user network and none%n", engine);
        Latencies runUser = new Latencies(runs);
        Latencies runNone = new Latencies(runs);
        Latencies rmUser = new Latencies(runs);
        Latencies rmNone = new Latencies(runs);
        for (int i = 0; i < warmup + runs; i++) {
            boolean timed = i >= warmup;
            // Alternate which goes first, so a drift in the machine's load weighs on both alike.
            String[] order = i % 2 == 0 ? new String[] {NETWORK, "none"} : new String[] {"none", NETWORK};
            String[] ids = new String[2];
            for (int k = 0; k < 2; k++) {
                long start = System.nanoTime();
                ids[k] = runDetached(api, null, order[k]);
                long elapsed = System.nanoTime() - start;
                if (timed) {
                    (order[k].equals("none") ? runNone : runUser).add(elapsed);
                }
            }
            for (int k = 0; k < 2; k++) {
                long start = System.nanoTime();
                remove(api, ids[k]);
                long elapsed = System.nanoTime() - start;
                if (timed) {
                    (order[k].equals("none") ? rmNone : rmUser).add(elapsed);
                }
            }
        }
        results.add(latency("create + start, user network", runUser));
        results.add(latency("create + start, --network none", runNone));
        results.add(share("create + start: networking's share (user - none, medians)", runUser, runNone));
        results.add(latency("rm -f, user network", rmUser));
        results.add(latency("rm -f, --network none", rmNone));
        results.add(share("rm -f: networking's share (user - none, medians)", rmUser, rmNone));
    }

    private void parallelRuns(List<Result> results) throws IOException, InterruptedException {
        progress.printf("%s: %d parallel create + start, %d rounds%n", engine, parallel, rounds);
        Latencies user = new Latencies(rounds);
        Latencies none = new Latencies(rounds);
        ExecutorService threads = Executors.newFixedThreadPool(parallel);
        try {
            for (int round = 0; round < rounds; round++) {
                String[] order = round % 2 == 0 ? new String[] {NETWORK, "none"} : new String[] {"none", NETWORK};
                for (String network : order) {
                    long wall = parallelRound(threads, network);
                    (network.equals("none") ? none : user).add(wall);
                }
            }
        } finally {
            threads.shutdownNow();
        }
        results.add(latency(parallel + " parallel create + start (wall), user network", user));
        results.add(latency(parallel + " parallel create + start (wall), --network none", none));
    }

    /** One round: every thread connects first, then all create + start at once; returns the wall time in ns. */
    private long parallelRound(ExecutorService threads, String network) throws IOException, InterruptedException {
        CountDownLatch ready = new CountDownLatch(parallel);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> started = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            started.add(threads.submit(() -> {
                try (EngineApi own = new EngineApi(socket)) {
                    own.ping();
                    ready.countDown();
                    go.await();
                    return runDetached(own, null, network);
                }
            }));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        List<String> ids = new ArrayList<>();
        IOException failure = null;
        for (Future<String> future : started) {
            try {
                ids.add(future.get());
            } catch (java.util.concurrent.ExecutionException e) {
                failure = new IOException(
                        "a parallel create + start failed: " + e.getCause().getMessage(), e);
            }
        }
        long wall = System.nanoTime() - start;
        try (EngineApi api = new EngineApi(socket)) {
            for (String id : ids) {
                remove(api, id);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return wall;
    }

    /** {@code docker run -d}: create, then start; the container is tracked from its creation on. */
    private String runDetached(EngineApi api, String name, String network) throws IOException {
        String id = api.createContainer(name, network, image, COMMAND);
        made.add(id);
        api.start(id);
        return id;
    }

    private void remove(EngineApi api, String id) throws IOException {
        api.removeForce(id);
        made.remove(id);
    }

    /** Removes what a run (this one or an interrupted earlier one) left: containers first, then networks. */
    private void removeLeftovers(EngineApi api) throws IOException {
        for (String id : List.copyOf(made)) {
            api.removeForceIfPresent(id);
            made.remove(id);
        }
        api.removeForceIfPresent("shoalbench-lat-conn");
        api.removeNetworkIfPresent(SECOND_NETWORK);
        api.removeNetworkIfPresent(NETWORK);
        for (int i = 0; i < warmup + runs; i++) {
            api.removeNetworkIfPresent("shoalbench-lat-net" + i);
        }
    }

    private Result latency(String metric, Latencies samples) {
        return Result.latency(engine, metric, samples.percentileMillis(50), samples.percentileMillis(90));
    }

    private Result share(String metric, Latencies user, Latencies none) {
        return new Result(
                engine, metric, user.percentileMillis(50) - none.percentileMillis(50), Optional.empty(), "ms");
    }
}
