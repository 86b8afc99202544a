package io.shoal.bench.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Java side of bench/engine-compare.sh (run it through that script). Sub-commands:
 *
 * <pre>
 * latency --engine NAME --socket PATH --results FILE [--runs 20] [--warmup 3] [--parallel 20] [--rounds 3] [--image I]
 *         [--scenarios network,connect,run,parallel]
 * populate --socket PATH --queries FILE [--networks 5] [--per-network 20] [--image I]   prints "client-pid PID"
 * depopulate --socket PATH [--networks 5] [--per-network 20]
 * table FILE
 * </pre>
 *
 * {@code latency} appends its figures to the results file ({@link Result} lines); {@code table} prints a results file
 * side by side ({@link SideBySide}). Progress goes to standard error.
 */
public final class EngineCompare {
    static final String DEFAULT_IMAGE = "shoalbench-busybox:latest";

    private EngineCompare() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage("a sub-command");
        }
        Map<String, String> options = options(args);
        switch (args[0]) {
            case "latency" -> latency(options);
            case "populate" -> {
                long pid = population(options).create(Path.of(required(options, "queries")));
                System.out.println("client-pid " + pid);
            }
            case "depopulate" -> population(options).remove();
            case "table" -> {
                if (args.length != 2) {
                    usage("table FILE");
                }
                System.out.print(SideBySide.render(read(Path.of(args[1]))));
            }
            default -> usage("a known sub-command, not " + args[0]);
        }
    }

    private static void latency(Map<String, String> options) throws IOException, InterruptedException {
        List<Result> results = new LatencyScenarios(
                        required(options, "engine"),
                        Path.of(required(options, "socket")),
                        options.getOrDefault("image", DEFAULT_IMAGE),
                        number(options, "runs", 20),
                        number(options, "warmup", 3),
                        number(options, "parallel", 20),
                        number(options, "rounds", 3),
                        scenarios(options),
                        System.err)
                .run();
        List<String> lines = new ArrayList<>();
        for (Result result : results) {
            lines.add(result.toLine());
        }
        Files.write(
                Path.of(required(options, "results")),
                lines,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static Set<String> scenarios(Map<String, String> options) {
        String value = options.get("scenarios");
        if (value == null) {
            return Set.copyOf(LatencyScenarios.SCENARIOS);
        }
        Set<String> chosen = new LinkedHashSet<>(Arrays.asList(value.split(",")));
        if (!LatencyScenarios.SCENARIOS.containsAll(chosen)) {
            usage("--scenarios from " + String.join(",", LatencyScenarios.SCENARIOS) + ", not " + value);
        }
        return chosen;
    }

    private static Population population(Map<String, String> options) {
        return new Population(
                Path.of(required(options, "socket")),
                options.getOrDefault("image", DEFAULT_IMAGE),
                number(options, "networks", 5),
                number(options, "per-network", 20),
                System.err);
    }

    static List<Result> read(Path file) throws IOException {
        List<Result> results = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                results.add(Result.parse(line));
            }
        }
        return results;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                if (i + 1 >= args.length) {
                    usage("a value after " + args[i]);
                }
                options.put(args[i].substring(2), args[++i]);
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            usage("--" + name);
        }
        return value;
    }

    private static int number(Map<String, String> options, String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 1) {
                usage("--" + name + " of at least 1, not " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            usage("a number after --" + name + ", not " + value);
            return fallback;
        }
    }

    private static void usage(String missing) {
        System.err.println("engine-compare: expected " + missing + " (see bench/engine-compare.sh)");
        System.exit(2);
    }
}
