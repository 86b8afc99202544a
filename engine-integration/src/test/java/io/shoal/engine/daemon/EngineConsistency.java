package io.shoal.engine.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks that the three views of one shoald agree: its store (engine records and IPAM's tables in {@code shoal.db},
 * read with the sqlite3 CLI), the kernel (links, addresses and default routes of the test namespace and of each
 * sandbox, Shoal's nftables table) and containerd (runc's state of the private containerd's namespace). Every
 * disagreement is one line of {@link #problems}; an empty list means they agree. Used after restarts and crashes.
 *
 * <p>What is checked: every container the store holds RUNNING has a running runc container and vice versa, and
 * containerd's containers, tasks and long-lived shims of namespace shoal are exactly those containers; every
 * JOINED endpoint of a running container has its address on its interface in the sandbox, and the sandbox a default
 * route when one of its networks has a gateway; no address is held by two endpoints; IPAM's endpoint allocations are
 * exactly the endpoints' addresses (none leaked, none missing); every bridge network has its Linux bridge and no
 * {@code br-} link is left without a network; the host has one veth per JOINED bridge endpoint; every published port
 * has its DNAT rule to its endpoint's address and no DNAT rule points at an address no endpoint publishes; from inside
 * one running container of each user network, every other running container's name there resolves to its address.
 */
final class EngineConsistency {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.time.Duration SHIM_EXIT = java.time.Duration.ofSeconds(10);
    /** A host veth of Shoal's bridge driver: {@code veth} and 11 hex digits (a dockerd's have 7). */
    private static final java.util.regex.Pattern SHOAL_VETH = java.util.regex.Pattern.compile("veth[0-9a-f]{11}");

    private final ShoaldUnderTest daemon;
    private final List<String> problems = new ArrayList<>();

    private EngineConsistency(ShoaldUnderTest daemon) {
        this.daemon = daemon;
    }

    /** Every disagreement between store, kernel and containerd of {@code daemon} (which must be running). */
    static List<String> problems(ShoaldUnderTest daemon) throws IOException, InterruptedException {
        EngineConsistency check = new EngineConsistency(daemon);
        check.run();
        return check.problems;
    }

    private record Endpoint(
            String id,
            String containerId,
            String containerName,
            String networkId,
            String iface,
            String ipv4,
            String ipv6,
            boolean publishes) {}

    private void run() throws IOException, InterruptedException {
        Map<String, JsonNode> networks = records("network");
        Map<String, JsonNode> containers = records("container");
        List<Endpoint> endpoints = records("endpoint").values().stream()
                .filter(e -> e.path("phase").asText().equals("JOINED"))
                .map(e -> new Endpoint(
                        e.path("id").asText(),
                        e.path("containerId").asText(),
                        e.path("containerName").asText(),
                        e.path("networkId").asText(),
                        e.path("interfaceName").asText(),
                        address(e.path("ipv4")),
                        address(e.path("ipv6")),
                        e.path("ports").size() > 0))
                .toList();
        for (Map.Entry<String, JsonNode> record : records("endpoint").entrySet()) {
            String phase = record.getValue().path("phase").asText();
            if (!phase.equals("JOINED")) {
                problems.add("endpoint " + record.getKey() + " left in phase " + phase);
            }
        }
        for (Map.Entry<String, JsonNode> record : networks.entrySet()) {
            if (!record.getValue().path("phase").asText().equals("READY")) {
                problems.add("network " + record.getValue().path("name").asText() + " left in phase "
                        + record.getValue().path("phase").asText());
            }
        }
        Set<String> running = containers.values().stream()
                .filter(c -> c.path("state").path("status").asText().equals("RUNNING"))
                .map(c -> c.path("id").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        for (JsonNode container : containers.values()) {
            String phase = container.path("phase").asText();
            if (!phase.equals("IDLE") && !phase.equals("RUNNING")) {
                problems.add("container " + container.path("name").asText() + " left in phase " + phase);
            }
        }
        compare("running containers (store vs runc)", running, runcRunning());
        checkContainerd(running);
        checkAddresses(endpoints);
        checkSandboxes(endpoints, running, networks);
        checkHostLinks(endpoints, running, networks);
        checkPortRules(endpoints, running);
        checkDns(endpoints, running, networks);
    }

    private void checkAddresses(List<Endpoint> endpoints) throws IOException, InterruptedException {
        Map<String, String> holders = new HashMap<>();
        Set<String> held = new TreeSet<>();
        for (Endpoint endpoint : endpoints) {
            for (String address : List.of(endpoint.ipv4(), endpoint.ipv6())) {
                if (address.isEmpty()) {
                    continue;
                }
                String before = holders.put(address, endpoint.containerName());
                if (before != null) {
                    problems.add("address " + address + " held twice: " + before + " and " + endpoint.containerName());
                }
                held.add(address);
            }
        }
        Set<String> allocated = new TreeSet<>(sql("SELECT address FROM ipam_addresses WHERE role = 'endpoint'")
                .lines()
                .toList());
        compare("IPAM's endpoint addresses vs the endpoints' addresses", allocated, held);
    }

    private void checkSandboxes(List<Endpoint> endpoints, Set<String> running, Map<String, JsonNode> networks)
            throws IOException, InterruptedException {
        for (String id : running) {
            String namespace = "shoal-" + id.substring(0, 12);
            List<Endpoint> own = endpoints.stream()
                    .filter(e -> e.containerId().equals(id) && !e.iface().isEmpty())
                    .toList();
            if (own.isEmpty()) {
                continue; // host or none
            }
            if (!Files.exists(Path.of("/run/netns", namespace))) {
                problems.add("sandbox namespace " + namespace + " of a running container is missing");
                continue;
            }
            String addresses = daemon.run(List.of("ip", "-n", namespace, "-o", "addr", "show"), Map.of())
                    .out();
            boolean gateway = false;
            for (Endpoint endpoint : own) {
                if (!endpoint.ipv4().isEmpty() && !addresses.contains(endpoint.ipv4() + "/")) {
                    problems.add(namespace + ": " + endpoint.iface() + " lacks " + endpoint.ipv4());
                }
                JsonNode network = networks.get(endpoint.networkId());
                gateway |= network != null
                        && !network.path("internal").asBoolean()
                        && network.path("pools").findValues("gateway").stream().anyMatch(g -> !g.isNull());
            }
            String routes = daemon.run(List.of("ip", "-n", namespace, "route", "show", "default"), Map.of())
                    .out();
            if (gateway && routes.isBlank()) {
                problems.add(namespace + ": no default route although a network has a gateway");
            }
        }
    }

    private void checkHostLinks(List<Endpoint> endpoints, Set<String> running, Map<String, JsonNode> networks)
            throws IOException, InterruptedException {
        Set<String> bridgesWanted = new TreeSet<>();
        Set<String> bridgeNetworks = new HashSet<>();
        for (JsonNode network : networks.values()) {
            if (!network.path("driver").asText().equals("bridge")) {
                continue;
            }
            bridgeNetworks.add(network.path("id").asText());
            String name = network.path("options")
                    .path("com.docker.network.bridge.name")
                    .asText("");
            bridgesWanted.add(
                    name.isEmpty() ? "br-" + network.path("id").asText().substring(0, 12) : name);
        }
        // Shoal's bridges are the wanted ones and every one carrying its mark (alias shoal:<network id>); a dockerd's
        // br-<12 hex> bridges and veths beside them (ShoaldBesideDockerdE2eTest) are not Shoal's to count.
        Map<String, String> bridges = links("bridge");
        Set<String> ownBridges = bridges.entrySet().stream()
                .filter(link -> link.getValue().contains(" alias shoal:") || bridgesWanted.contains(link.getKey()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        compare("bridges (store vs kernel)", bridgesWanted, ownBridges);
        long wanted = endpoints.stream()
                .filter(e -> bridgeNetworks.contains(e.networkId()) && running.contains(e.containerId()))
                .count();
        long veths = links("veth").entrySet().stream()
                .filter(link -> SHOAL_VETH.matcher(link.getKey()).matches()
                        || ownBridges.stream()
                                .anyMatch(bridge -> link.getValue().contains(" master " + bridge + " ")))
                .count();
        if (veths != wanted) {
            problems.add("host veths: " + veths + ", JOINED bridge endpoints of running containers: " + wanted);
        }
    }

    private void checkPortRules(List<Endpoint> endpoints, Set<String> running)
            throws IOException, InterruptedException {
        String table = daemon.run(List.of("nft", "list", "table", "inet", "shoal"), Map.of())
                .out();
        Set<String> targets = new TreeSet<>();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("dnat ip6? to \\[?([0-9a-f.:]+?)\\]?:\\d+")
                .matcher(table);
        while (matcher.find()) {
            targets.add(matcher.group(1));
        }
        Set<String> publishing = endpoints.stream()
                .filter(e -> e.publishes() && running.contains(e.containerId()))
                .map(Endpoint::ipv4)
                .filter(a -> !a.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        compare("DNAT targets (nftables vs the endpoints that publish ports)", publishing, targets);
    }

    private void checkDns(List<Endpoint> endpoints, Set<String> running, Map<String, JsonNode> networks)
            throws IOException, InterruptedException {
        Map<String, List<Endpoint>> byNetwork = endpoints.stream()
                .filter(e -> running.contains(e.containerId()) && !e.ipv4().isEmpty())
                .collect(Collectors.groupingBy(Endpoint::networkId));
        for (Map.Entry<String, List<Endpoint>> entry : byNetwork.entrySet()) {
            JsonNode network = networks.get(entry.getKey());
            if (network == null
                    || network.path("builtin").asBoolean()
                    || entry.getValue().size() < 2) {
                continue;
            }
            Endpoint asker = entry.getValue().get(0);
            // At most eight lookups per network: each is a docker exec.
            for (Endpoint other :
                    entry.getValue().subList(1, Math.min(9, entry.getValue().size()))) {
                ShoaldUnderTest.Result answer =
                        daemon.docker("exec", asker.containerId(), "nslookup", other.containerName());
                if (!answer.out().contains("Address: " + other.ipv4())) {
                    problems.add("DNS on " + network.path("name").asText() + ": " + asker.containerName()
                            + " looking up " + other.containerName() + " did not get " + other.ipv4() + ":\n"
                            + answer);
                }
            }
        }
    }

    /**
     * containerd's containers and tasks of namespace shoal are exactly the stored running containers (a runtime
     * container lives from a start to its exit), and every long-lived shim of that namespace serves one of them. A shim
     * exits shortly after its task is deleted, so shims are given {@link #SHIM_EXIT} to agree.
     */
    private void checkContainerd(Set<String> running) throws IOException, InterruptedException {
        String socket = daemon.dataRoot().resolve("containerd/containerd.sock").toString();
        compare("containerd containers of ns shoal vs stored running containers", running, ctr(socket, "containers"));
        compare("containerd tasks of ns shoal vs stored running containers", running, ctr(socket, "tasks"));
        long deadline = System.nanoTime() + SHIM_EXIT.toNanos();
        Set<String> shims = shimIds(socket);
        while (!shims.equals(running) && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
            shims = shimIds(socket);
        }
        compare("containerd shims of ns shoal vs stored running containers", running, shims);
    }

    private Set<String> ctr(String socket, String what) throws IOException, InterruptedException {
        ShoaldUnderTest.Result result =
                daemon.run(List.of("ctr", "--address", socket, "-n", "shoal", what, "ls", "-q"), Map.of());
        if (result.exit() != 0) {
            problems.add("ctr " + what + " ls failed: " + result);
        }
        return new TreeSet<>(result.lines());
    }

    /** The container ids of the long-lived shims of namespace shoal serving {@code socket}'s containerd. */
    static Set<String> shimIds(String socket) {
        return ProcessHandle.allProcesses()
                .map(p -> p.info().arguments().map(List::of).orElse(List.of()))
                .filter(args -> args.contains("-namespace")
                        && args.contains(socket)
                        && args.contains("-id")
                        && !args.contains("start")
                        && !args.contains("delete"))
                .filter(args -> args.get(args.indexOf("-namespace") + 1).equals("shoal"))
                .map(args -> args.get(args.indexOf("-id") + 1))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<String> runcRunning() throws IOException, InterruptedException {
        Path runcRoot = daemon.dataRoot().resolve("containerd/runc/shoal");
        if (!Files.isDirectory(runcRoot)) {
            return Set.of();
        }
        String out = daemon.run(List.of("runc", "--root", runcRoot.toString(), "list"), Map.of())
                .out();
        return out.lines()
                .skip(1)
                .map(line -> line.split("\\s+", -1))
                .filter(parts -> parts.length > 2 && parts[2].equals("running"))
                .map(parts -> parts[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The links of {@code type} in the test namespace: name to its {@code ip -o link} line. */
    private Map<String, String> links(String type) throws IOException, InterruptedException {
        String out = daemon.run(List.of("ip", "-o", "link", "show", "type", type), Map.of())
                .out();
        Map<String, String> links = new java.util.TreeMap<>();
        out.lines()
                .map(line -> line.split(": ", 3))
                .filter(parts -> parts.length > 2)
                .forEach(parts -> links.put(parts[1].replaceAll("@.*", ""), " " + parts[2] + " "));
        return links;
    }

    private Map<String, JsonNode> records(String collection) throws IOException, InterruptedException {
        Map<String, JsonNode> records = new HashMap<>();
        for (String line : sql("SELECT document FROM engine_records WHERE collection = '" + collection + "'")
                .lines()
                .toList()) {
            JsonNode node = JSON.readTree(line);
            records.put(node.path("id").asText(), node);
        }
        return records;
    }

    private String sql(String query) throws IOException, InterruptedException {
        ShoaldUnderTest.Result result = daemon.run(
                List.of(
                        "sqlite3",
                        "-readonly",
                        daemon.dataRoot().resolve("shoal.db").toString(),
                        query),
                Map.of());
        if (result.exit() != 0) {
            throw new AssertionError("sqlite3 " + query + "\n" + result);
        }
        return result.out();
    }

    /** An address without its prefix length; "" for null. */
    private static String address(JsonNode cidr) {
        return cidr.isNull() || cidr.isMissingNode() ? "" : cidr.asText().replaceAll("/\\d+$", "");
    }

    private void compare(String what, Set<String> expected, Set<String> found) {
        if (!expected.equals(found)) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(found);
            Set<String> extra = new TreeSet<>(found);
            extra.removeAll(expected);
            problems.add(what + " differ: missing " + missing + ", extra " + extra);
        }
    }
}
