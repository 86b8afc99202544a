package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.containerd.CgroupMounts;
import io.shoal.engine.daemon.ShoaldUnderTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A private Debian dockerd 20.10 (scripts/private-dockerd under names of its own, {@code PD_NAME}) started in the test
 * JVM's network namespace ({@code PD_NETNS_PID}), the one {@link ShoaldUnderTest}'s shoald runs in: the two engines
 * share links, routes, the firewall and sysctls as on a host running both, while dockerd keeps a mount namespace of
 * its own. {@link #close} stops it and removes what dockerd leaves in a namespace after its stop (its bridges, its
 * iptables tables and chains, the sysctls it set), so that the namespace is as it was before {@link #start}. Shoal's
 * hand-over in iptables' filter tables (chain SHOAL-FORWARD and its jump in DOCKER-USER) is left out of
 * {@link #state}: it is shoald's.
 */
final class DockerdBeside implements AutoCloseable {
    private static final Path DOCKER = ShoaldUnderTest.DOCKER;
    /** The sysctls dockerd sets in its namespace (forwarding; br_netfilter's calls into iptables). */
    private static final List<String> SYSCTLS = List.of(
            "net.ipv4.ip_forward",
            "net.ipv6.conf.all.forwarding",
            "net.ipv6.conf.default.forwarding",
            "net.bridge.bridge-nf-call-iptables",
            "net.bridge.bridge-nf-call-ip6tables",
            "net.bridge.bridge-nf-call-arptables");

    /** Shoal's chain in iptables' filter tables (the bridge driver's ForwardHandover). */
    static final String SHOAL_CHAIN = "SHOAL-FORWARD";

    private static final Pattern CHAIN = Pattern.compile("^\\s*chain (\\S+) \\{", Pattern.MULTILINE);
    private static final Pattern RULE_HANDLE = Pattern.compile("^\\s*(.*\\S) # handle (\\d+)$", Pattern.MULTILINE);
    private static final java.time.Duration SCRIPT_BOUND = java.time.Duration.ofMinutes(5);

    private final String name;
    private final Path repository;
    private final ShoaldUnderTest host;
    private final Path run;
    /** The bridges of dockerd's networks (docker0 and one br-<12 hex> per user network), removed after its stop. */
    private final Set<String> bridges = ConcurrentHashMap.newKeySet();

    private Set<String> tablesBefore = Set.of();
    private Map<String, String> sysctlsBefore = Map.of();
    private boolean started;

    /** {@code name}: PD_NAME; {@code host}: the shoald whose namespace (the test JVM's) dockerd joins. */
    DockerdBeside(String name, Path repository, ShoaldUnderTest host) {
        this.name = name;
        this.repository = repository;
        this.host = host;
        this.run = Path.of("/run", name);
        bridges.add("docker0");
    }

    /** The image the busybox rootfs is imported as. */
    String image() {
        return name + "-busybox:latest";
    }

    /** Whether {@code link} is one of dockerd's bridges, or a port of one. */
    boolean owns(String link) {
        if (bridges.contains(link)) {
            return true;
        }
        try {
            String line = host.run(List.of("ip", "-o", "link", "show", "dev", link), Map.of())
                    .out();
            return bridges.stream().anyMatch(bridge -> line.contains(" master " + bridge + " "));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts dockerd in the test JVM's network namespace and imports the busybox image into it. */
    void start() throws Exception {
        // Under scripts/in-netns this JVM's /sys has no cgroup hierarchies, which dockerd needs.
        CgroupMounts.ensure();
        tablesBefore = nftTables();
        sysctlsBefore = sysctls();
        started = true;
        // As on a host at boot: dockerd sets FORWARD's policy to DROP only when it turns IPv4 forwarding on itself
        // (libnetwork's setupIPForwarding), and shoald, started first here, has turned it on already.
        host.run(List.of("sysctl", "-q", "-w", "net.ipv4.ip_forward=0"), Map.of());
        Result start = script("start");
        assertThat(start.exit()).as("scripts/private-dockerd start\n%s", start).isZero();
        assertThat(host.run(List.of("iptables", "-S", "FORWARD"), Map.of()).out())
                .as("dockerd's FORWARD policy")
                .startsWith("-P FORWARD DROP");
        Result imported = script("import-busybox");
        assertThat(imported.exit()).as("import-busybox\n%s", imported).isZero();
    }

    /**
     * Stops dockerd and starts it again (scripts/private-dockerd stop, start): what a dockerd restart without
     * live-restore does to the shared namespace's firewall, as its iptables setup runs again over what the namespace
     * holds (its own chains and rules from before, which a stop leaves, and Shoal's). Its containers, networks and
     * image are gone; the image is imported again.
     */
    void restart() throws Exception {
        Result stop = script("stop");
        assertThat(stop.exit()).as("scripts/private-dockerd stop\n%s", stop).isZero();
        Result start = script("start");
        assertThat(start.exit()).as("scripts/private-dockerd start\n%s", start).isZero();
        Result imported = script("import-busybox");
        assertThat(imported.exit()).as("import-busybox\n%s", imported).isZero();
    }

    /** Runs {@code docker ARGS} against the private dockerd. */
    Result docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(DOCKER.toString()));
        command.addAll(Arrays.asList(args));
        return host.run(command, Map.of("DOCKER_HOST", "unix://" + run.resolve("docker.sock")));
    }

    /** Runs {@code docker ARGS}, failing unless it exits 0; stdout stripped. */
    String ok(String... args) throws IOException, InterruptedException {
        Result result = docker(args);
        assertThat(result.exit())
                .as("dockerd: docker %s\n%s", String.join(" ", args), result)
                .isZero();
        return result.text();
    }

    /** Creates a dockerd network and remembers its bridge; its id. */
    String createNetwork(String network) throws IOException, InterruptedException {
        String id = ok("network", "create", network);
        bridges.add("br-" + id.substring(0, 12));
        return id;
    }

    /**
     * What dockerd owns in the shared namespace and in its engine, as text to compare: its links (every {@code ip -o
     * link} line of its bridges and their ports: name, index, master, state, address), their addresses and routes,
     * {@code iptables-save} and {@code ip6tables-save} of tables filter and nat (counters left out), the network
     * namespace files under its exec root with the nsfs mounts on them in its mount namespace, and each container's
     * id, status, pid, start time, sandbox and addresses.
     */
    Map<String, List<String>> state() throws IOException, InterruptedException {
        Map<String, List<String>> state = new LinkedHashMap<>();
        List<String> links = lines("ip", "-o", "link", "show").stream()
                .filter(line -> bridges.stream()
                        .anyMatch(b -> line.contains(": " + b + ": ") || line.contains(" master " + b + " ")))
                .toList();
        state.put("links", links);
        List<String> names = links.stream()
                .map(line -> line.split(": ", 3)[1].replaceAll("@.*", ""))
                .toList();
        List<String> addresses = new ArrayList<>();
        List<String> routes = new ArrayList<>();
        for (String link : names) {
            lines("ip", "-o", "addr", "show", "dev", link).stream()
                    // Lifetimes count down, and "tentative" goes once duplicate address detection ends (RFC 4862
                    // section 5.4): the kernel changes both by itself, so neither says whether anyone touched dockerd.
                    .map(line ->
                            line.replaceAll("(valid|preferred)_lft \\S+", "").replace(" tentative", ""))
                    .forEach(addresses::add);
            routes.addAll(lines("ip", "-o", "route", "show", "dev", link));
        }
        state.put("addresses", addresses);
        state.put("routes", routes);
        for (String tool : List.of("iptables-save", "ip6tables-save")) {
            for (String table : List.of("filter", "nat")) {
                List<String> rules = lines(tool, "-t", table).stream()
                        .filter(line -> !line.startsWith("#"))
                        // Shoal's hand-over (its chain, and its jump in DOCKER-USER) is Shoal's, not dockerd's.
                        .filter(line -> !line.contains(SHOAL_CHAIN))
                        .map(line -> line.replaceAll("\\[\\d+:\\d+\\]", ""))
                        .toList();
                // So is a DOCKER-USER with no rule and nothing jumping to it: shoald makes it when missing (dockerd
                // 20.10 leaves ip6tables alone), and ./shoal down removes it.
                if (rules.stream().noneMatch(line -> line.contains(" DOCKER-USER"))) {
                    rules = rules.stream()
                            .filter(line -> !line.startsWith(":DOCKER-USER "))
                            .toList();
                }
                state.put(tool + " -t " + table, rules);
            }
        }
        Path netns = run.resolve("exec/netns");
        try (Stream<Path> files = Files.isDirectory(netns) ? Files.list(netns) : Stream.empty()) {
            state.put("netns files", files.map(Path::toString).sorted().toList());
        }
        String dockerd = Files.readString(run.resolve("dockerd.pid")).strip();
        state.put(
                "netns mounts",
                Files.readAllLines(Path.of("/proc", dockerd, "mountinfo")).stream()
                        .map(line -> line.split(" "))
                        .filter(parts -> parts[4].startsWith(netns.toString()))
                        .map(parts -> parts[4] + " " + parts[parts.length - 3])
                        .sorted()
                        .toList());
        List<String> ids = docker("ps", "-aq", "--no-trunc").lines();
        List<String> inspect = new ArrayList<>(List.of(
                "inspect",
                "-f",
                "{{.Name}} {{.Id}} {{.State.Status}} pid={{.State.Pid}} {{.State.StartedAt}}"
                        + " restarts={{.RestartCount}} {{.NetworkSettings.SandboxKey}}"
                        + " {{range $n, $e := .NetworkSettings.Networks}}{{$n}}={{$e.IPAddress}}/{{$e.MacAddress}} "
                        + "{{end}}{{.NetworkSettings.Ports}}"));
        inspect.addAll(ids);
        state.put(
                "containers",
                ids.isEmpty()
                        ? List.of()
                        : List.of(ok(inspect.toArray(String[]::new)).split("\n")));
        return state;
    }

    private List<String> lines(String... command) throws IOException, InterruptedException {
        Result result = host.run(List.of(command), Map.of());
        assertThat(result.exit()).as(String.join(" ", command) + "\n" + result).isZero();
        return result.lines();
    }

    private Result script(String command) throws IOException, InterruptedException {
        // A start installs nothing here (docker.io is there) but waits for dockerd, slow on a loaded machine.
        return host.run(
                List.of(repository.resolve("scripts/private-dockerd").toString(), command),
                Map.of(
                        "PD_NAME",
                        name,
                        "PD_NETNS_PID",
                        Long.toString(ProcessHandle.current().pid()),
                        "PD_IMAGE",
                        image()),
                SCRIPT_BOUND);
    }

    /**
     * In a table that existed before dockerd started (shoald's hand-over makes {@code ip filter} and {@code ip6
     * filter} first), what dockerd added: every chain but Shoal's and DOCKER-USER, and DOCKER-USER's rules but Shoal's
     * jump; the table goes too when only an empty DOCKER-USER is left (as {@code ./shoal down} leaves none).
     */
    private void removeDockerdsChains(String table, List<String> problems) throws IOException, InterruptedException {
        String listing =
                host.run(List.of("nft", "list table " + table), Map.of()).out();
        List<String> chains = CHAIN.matcher(listing)
                .results()
                .map(match -> match.group(1))
                .filter(chain -> !chain.equals(SHOAL_CHAIN) && !chain.equals("DOCKER-USER"))
                .toList();
        StringBuilder script = new StringBuilder();
        chains.forEach(chain -> script.append("flush chain ")
                .append(table)
                .append(' ')
                .append(chain)
                .append('\n'));
        if (CHAIN.matcher(listing).results().anyMatch(match -> match.group(1).equals("DOCKER-USER"))) {
            String user = host.run(List.of("nft", "-a", "list chain " + table + " DOCKER-USER"), Map.of())
                    .out();
            RULE_HANDLE
                    .matcher(user)
                    .results()
                    .filter(rule -> !rule.group(1).startsWith("chain ")
                            && !rule.group(1).startsWith("table "))
                    .filter(rule -> !rule.group(1).equals("jump " + SHOAL_CHAIN))
                    .forEach(rule -> script.append("delete rule ")
                            .append(table)
                            .append(" DOCKER-USER handle ")
                            .append(rule.group(2))
                            .append('\n'));
        }
        chains.forEach(chain -> script.append("delete chain ")
                .append(table)
                .append(' ')
                .append(chain)
                .append('\n'));
        if (script.length() > 0) {
            Path file = Files.createTempFile("dockerd-chains", ".nft");
            try {
                Files.writeString(file, script);
                Result removed = host.run(List.of("nft", "-f", file.toString()), Map.of());
                if (removed.exit() != 0) {
                    problems.add("dockerd's chains in " + table + " could not be removed: " + removed + "\n" + script);
                }
            } finally {
                Files.delete(file);
            }
        }
        String left = host.run(List.of("nft", "list table " + table), Map.of()).out();
        List<String> leftChains =
                CHAIN.matcher(left).results().map(match -> match.group(1)).toList();
        if (leftChains.equals(List.of("DOCKER-USER")) && !left.contains(" jump ") && !left.contains("return")) {
            host.run(List.of("nft", "delete table " + table), Map.of());
        }
    }

    private Set<String> nftTables() throws IOException, InterruptedException {
        return new TreeSet<>(
                host.run(List.of("nft", "list", "tables"), Map.of()).lines());
    }

    private Map<String, String> sysctls() throws IOException, InterruptedException {
        Map<String, String> values = new HashMap<>();
        for (String key : SYSCTLS) {
            Result result = host.run(List.of("sysctl", "-n", key), Map.of());
            if (result.exit() == 0) {
                values.put(key, result.text());
            }
        }
        return values;
    }

    /**
     * Stops dockerd (scripts/private-dockerd stop: its containers removed, its processes ended, the namespace's name
     * removed), then deletes its bridges, the nftables tables that appeared since {@link #start} other than Shoal's
     * ({@code ip filter}, {@code ip nat} of iptables-nft) and puts back the sysctls it changed; throws naming what
     * failed.
     */
    @Override
    public void close() throws Exception {
        if (!started) {
            return;
        }
        List<String> problems = new ArrayList<>();
        Result stop = script("stop");
        if (stop.exit() != 0) {
            problems.add("scripts/private-dockerd stop failed: " + stop);
        }
        for (String bridge : bridges) {
            if (Files.exists(Path.of("/sys/class/net", bridge))) {
                host.run(List.of("ip", "link", "delete", bridge), Map.of());
            }
        }
        Set<String> tables = nftTables();
        for (String table : tablesBefore) {
            if (tables.contains(table) && !table.equals("table inet shoal")) {
                removeDockerdsChains(table.substring("table ".length()), problems);
            }
        }
        tables.removeAll(tablesBefore);
        for (String table : tables) {
            if (!table.equals("table inet shoal")) {
                Result deleted = host.run(List.of("nft", "delete " + table), Map.of());
                if (deleted.exit() != 0) {
                    problems.add(table + " could not be deleted: " + deleted);
                }
            }
        }
        Map<String, String> now = sysctls();
        for (Map.Entry<String, String> before : sysctlsBefore.entrySet()) {
            if (!before.getValue().equals(now.get(before.getKey()))) {
                host.run(List.of("sysctl", "-q", "-w", before.getKey() + "=" + before.getValue()), Map.of());
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.stream().collect(Collectors.joining("\n")));
        }
    }
}
