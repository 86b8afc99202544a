package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.daemon.ShoaldUnderTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13, "nothing that is not Shoal's is touched": a real dockerd (Debian's 20.10, {@link DockerdBeside}) and shoald
 * in one network namespace, as on a host running both. dockerd has its default bridge, a user network whose bridge is
 * named {@code br-<12 hex>} (the form Shoal's bridges have), iptables rules in filter and nat, and running busybox
 * containers, one publishing a port; shoald has a network and containers of its own. After shoald is killed with
 * SIGKILL and started again (restore and sweep), after a SIGTERM and a start, and after {@code ./shoal down}, dockerd's
 * links, addresses, routes, iptables-save output, network namespace files and containers are exactly as before, its
 * containers still reach each other by name and its published port answers; shoald's own state is consistent
 * ({@link EngineConsistency}) after each start.
 *
 * <p>dockerd's FORWARD policy DROP with br_netfilter drops shoald's forwarded traffic unless the bridge driver hands
 * Shoal's bridges over through DOCKER-USER ({@code ForwardHandover}): shoald's containers on one user network reach
 * each other by name, containers of a user network and of the default bridge reach a namespace outside (the test's
 * "outside", routed through the test namespace), and that outside reaches a published port, with dockerd started after
 * shoald, after dockerd's restart, and after shoald's restarts while dockerd runs; without Shoal's jump in
 * DOCKER-USER none of it passes. Shoal's isolation between networks and {@code --internal} still hold, a network's
 * rules go with it, and {@code ./shoal down} removes the hand-over and nothing of dockerd's.
 */
@Tag("e2e")
class ShoaldBesideDockerdE2eTest {
    @RegisterExtension
    static final ShoaldUnderTest shoald = ShoaldUnderTest.perClass();

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    /** dockerd's default bridge's gateway (scripts/private-dockerd's PD_BIP). */
    private static final String DOCKER0_GATEWAY = "10.212.255.1";

    /** The outside namespace's address and the test namespace's on the link between them (RFC 5737 TEST-NET-1). */
    private static final String OUTSIDE = "192.0.2.2";

    private static final String HOST_ON_OUTSIDE_LINK = "192.0.2.1";
    private static final String OUTSIDE_LINK = "sbout0";

    private static DockerdBeside dockerd;
    private static String outsideNamespace;
    private static Process outsideServer;

    @BeforeAll
    static void startDockerdInShoaldsNamespace() throws Exception {
        // PD_NAME; another run of this class at the same time on the machine needs a name of its own.
        dockerd = new DockerdBeside(
                System.getProperty("shoal.test.besideDockerdName", "shoalbeside-e2e"), REPOSITORY, shoald);
        shoald.leaveLinksAlone(dockerd::owns);
        makeOutside();
        // shoald runs already (its default bridge handed over before any dockerd): dockerd starts after it.
        dockerd.start();
    }

    @AfterAll
    static void stopDockerd() throws Exception {
        try {
            if (outsideServer != null) {
                outsideServer.destroyForcibly().waitFor();
            }
            if (outsideNamespace != null) {
                shoald.run(List.of("ip", "netns", "delete", outsideNamespace), Map.of());
            }
        } finally {
            if (dockerd != null) {
                dockerd.close();
            }
        }
    }

    /**
     * A namespace standing for the world outside the host, linked to the test namespace (shoald's and dockerd's) and
     * routed through it, with a busybox httpd on {@value #OUTSIDE}:8000 that serves {@code /hostname} = "outside".
     */
    private static void makeOutside() throws Exception {
        outsideNamespace = "shoaltest-" + ProcessHandle.current().pid() + "-outside";
        Path www = Files.createDirectories(shoald.dir().resolve("outside-www"));
        Files.writeString(www.resolve("hostname"), "outside\n");
        for (List<String> command : List.of(
                List.of("ip", "netns", "add", outsideNamespace),
                List.of(
                        "ip",
                        "link",
                        "add",
                        OUTSIDE_LINK,
                        "type",
                        "veth",
                        "peer",
                        "name",
                        "sbout1",
                        "netns",
                        outsideNamespace),
                List.of("ip", "addr", "add", HOST_ON_OUTSIDE_LINK + "/24", "dev", OUTSIDE_LINK),
                List.of("ip", "link", "set", OUTSIDE_LINK, "up"),
                List.of("ip", "-n", outsideNamespace, "addr", "add", OUTSIDE + "/24", "dev", "sbout1"),
                List.of("ip", "-n", outsideNamespace, "link", "set", "sbout1", "up"),
                List.of("ip", "-n", outsideNamespace, "link", "set", "lo", "up"),
                List.of("ip", "-n", outsideNamespace, "route", "add", "default", "via", HOST_ON_OUTSIDE_LINK))) {
            Result result = shoald.run(command, Map.of());
            assertThat(result.exit())
                    .as(String.join(" ", command) + "\n" + result)
                    .isZero();
        }
        outsideServer = new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        outsideNamespace,
                        "busybox",
                        "httpd",
                        "-f",
                        "-p",
                        OUTSIDE + ":8000",
                        "-h",
                        www.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    @Test
    void dockerdsLinksRulesNamespacesAndContainersOutliveShoaldsRestartsAndDown() throws Exception {
        shoald.ok("network", "create", "--subnet", "10.232.0.0/24", "snet");
        shoald.ok(
                "run",
                "-d",
                "--name",
                "sweb",
                "--network",
                "snet",
                "-p",
                "127.0.0.1::80",
                "busybox",
                "httpd",
                "-f",
                "-p",
                "80",
                "-h",
                "/etc");
        shoald.ok("run", "-d", "--name", "sclient", "--network", "snet", "busybox", "sleep", "3600");
        shoald.ok("run", "-d", "--name", "splain", "busybox", "sleep", "3600");
        shoald.ok(
                "run",
                "-d",
                "--name",
                "spub",
                "--network",
                "snet",
                "-p",
                "80",
                "busybox",
                "httpd",
                "-f",
                "-p",
                "80",
                "-h",
                "/etc");
        shoaldForwards("with dockerd started after shoald");
        dockerd.restart();
        shoaldForwards("after dockerd's restart");
        isolationAndInternalStillHold();
        aNetworksRulesGoWithIt();

        String image = dockerd.image();
        String dockerNetwork = dockerd.createNetwork("dnet");
        dockerd.ok(
                "run",
                "-d",
                "--name",
                "dweb",
                "--network",
                "dnet",
                "-p",
                "127.0.0.1::80",
                image,
                "httpd",
                "-f",
                "-p",
                "80",
                "-h",
                "/etc");
        dockerd.ok("run", "-d", "--name", "dclient", "--network", "dnet", image, "sleep", "3600");
        dockerd.ok("run", "-d", "--name", "dplain", image, "sleep", "3600");

        Map<String, List<String>> before = dockerd.state();
        String dockerBridge = "br-" + dockerNetwork.substring(0, 12);
        assertThat(String.join("\n", before.get("links")))
                .as("dockerd's bridges and the veths of its three containers")
                .contains(": docker0: ", ": " + dockerBridge + ": ", "master docker0 ", "master " + dockerBridge + " ");
        assertThat(before.get("links")).hasSize(5);
        assertThat(String.join("\n", before.get("iptables-save -t filter")))
                .contains(":DOCKER ", "-A FORWARD -o " + dockerBridge);
        assertThat(String.join("\n", before.get("iptables-save -t nat")))
                .contains(":DOCKER ", "-j DNAT --to-destination ");
        assertThat(before.get("netns files")).hasSize(3);
        assertThat(before.get("netns mounts")).hasSize(3).allMatch(line -> line.endsWith(" nsfs"));
        assertThat(before.get("containers")).hasSize(3).allMatch(line -> line.contains(" running pid="));
        dockerdWorks();
        shoaldWorks();
        enginesIsolatedFromEachOther("with both running");

        // Without Shoal's jump in DOCKER-USER, dockerd's FORWARD policy drops shoald's forwarded traffic; the
        // restart below (shoald starting while dockerd runs) puts it back.
        removeShoalsJump();
        shoaldDoesNotForward();

        shoald.kill9();
        checkAfterStart("SIGKILL", 2, before);

        assertThat(shoald.terminate()).as("shoald's status on SIGTERM").isEqualTo(143);
        checkAfterStart("SIGTERM", 3, before);
        assertThat(shoald.logText()).doesNotContain("orphaned bridge", "orphaned veth", "orphaned sandbox namespace");

        Result down = shoald.shoalDown(REPOSITORY);
        assertThat(down.exit()).as("./shoal down\n%s", down).isZero();
        assertThat(down.out()).contains("removing containers", "removing networks");
        assertUntouched("after ./shoal down", before);
        assertThat(shoald.run(List.of("ip", "-o", "link", "show", "type", "veth"), Map.of())
                        .out())
                .as("no veth but dockerd's")
                .doesNotContainPattern("veth[0-9a-f]{11}[@:]");
        for (String tool : List.of("iptables-save", "ip6tables-save")) {
            String rules = shoald.run(List.of(tool, "-t", "filter"), Map.of()).out();
            assertThat(rules)
                    .as("%s after ./shoal down: Shoal's hand-over gone, dockerd's DOCKER-USER kept", tool)
                    .doesNotContain(DockerdBeside.SHOAL_CHAIN);
        }
        assertThat(shoald.run(List.of("iptables-save", "-t", "filter"), Map.of())
                        .out())
                .contains("-A FORWARD -j DOCKER-USER", "-A DOCKER-USER -j RETURN");
        assertThat(shoald.run(List.of("nft", "list", "tables"), Map.of()).out())
                .as("after ./shoal down: Shoal's table, with its drop towards other bridges, is gone")
                .doesNotContain("inet shoal");
    }

    /**
     * What goes through the FORWARD hook, where dockerd's policy drops what DOCKER-USER does not accept: between two
     * containers of one bridge (br_netfilter), from containers of a user network and of the default bridge to the
     * outside, and from the outside to a published port.
     */
    private static void shoaldForwards(String when) throws Exception {
        String hostname = shoald.ok("exec", "sweb", "hostname");
        shoald.ok("exec", "sclient", "ping", "-c", "1", "-W", "5", "sweb");
        assertThat(shoald.ok(
                        "exec", "sclient", "sh", "-c", "printf 'GET /hostname HTTP/1.0\\r\\n\\r\\n' | nc -w 5 sweb 80"))
                .as("sweb's page fetched by sclient on snet, %s", when)
                .endsWith("\n" + hostname);
        assertThat(shoald.ok(
                        "exec",
                        "sclient",
                        "sh",
                        "-c",
                        "printf 'GET /hostname HTTP/1.0\\r\\n\\r\\n' | nc -w 5 " + OUTSIDE + " 8000"))
                .as("the outside's page fetched by sclient, %s", when)
                .endsWith("\noutside");
        shoald.ok("exec", "splain", "ping", "-c", "1", "-W", "5", OUTSIDE);
        assertThat(outsideFetch(publishedPort()))
                .as("spub's port from the outside, %s", when)
                .isEqualTo(shoald.ok("exec", "spub", "hostname"));
    }

    /** None of {@link #shoaldForwards} passes. */
    private static void shoaldDoesNotForward() throws Exception {
        assertThat(shoald.docker("exec", "sclient", "ping", "-c", "1", "-W", "2", "sweb")
                        .exit())
                .as("sclient -> sweb without the hand-over")
                .isNotZero();
        assertThat(shoald.docker("exec", "splain", "ping", "-c", "1", "-W", "2", OUTSIDE)
                        .exit())
                .as("splain -> outside without the hand-over")
                .isNotZero();
        Result fetch = outsideCurl(publishedPort(), 3);
        assertThat(fetch.exit())
                .as("outside -> published port without the hand-over")
                .isNotZero();
    }

    /** Shoal's isolation between networks and --internal are its own table's drops: the hand-over opens neither. */
    private static void isolationAndInternalStillHold() throws Exception {
        shoald.ok("network", "create", "--subnet", "10.232.1.0/24", "sother");
        shoald.ok("network", "create", "--internal", "--subnet", "10.232.2.0/24", "sinternal");
        shoald.ok("run", "-d", "--name", "sother1", "--network", "sother", "busybox", "sleep", "3600");
        shoald.ok("run", "-d", "--name", "sinternal1", "--network", "sinternal", "busybox", "sleep", "3600");
        String sweb = shoald.ok("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "sweb");
        shoald.ok("exec", "sother1", "ping", "-c", "1", "-W", "5", OUTSIDE);
        assertThat(shoald.docker("exec", "sother1", "ping", "-c", "1", "-W", "2", sweb)
                        .exit())
                .as("sother1 -> sweb (%s) across networks", sweb)
                .isNotZero();
        assertThat(shoald.docker("exec", "sinternal1", "ping", "-c", "1", "-W", "2", OUTSIDE)
                        .exit())
                .as("sinternal1 -> outside from an --internal network")
                .isNotZero();
        shoald.ok("rm", "-f", "sother1", "sinternal1");
        shoald.ok("network", "rm", "sother", "sinternal");
    }

    /** A network's two rules in Shoal's chain come with it and go with it, in both families. */
    private static void aNetworksRulesGoWithIt() throws Exception {
        String bridge = "br-"
                + shoald.ok("network", "create", "--subnet", "10.232.3.0/24", "stmp")
                        .substring(0, 12);
        for (String tool : List.of("iptables", "ip6tables")) {
            assertThat(shoald.run(List.of(tool, "-S", DockerdBeside.SHOAL_CHAIN), Map.of())
                            .out())
                    .contains(
                            "-A " + DockerdBeside.SHOAL_CHAIN + " -i " + bridge + " -j ACCEPT",
                            "-A " + DockerdBeside.SHOAL_CHAIN + " -o " + bridge + " -j ACCEPT");
        }
        shoald.ok("network", "rm", "stmp");
        // The driver tears a network down off the request path: its rules go within moments.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        for (String tool : List.of("iptables", "ip6tables")) {
            String rules;
            do {
                rules = shoald.run(List.of(tool, "-S", DockerdBeside.SHOAL_CHAIN), Map.of())
                        .out();
            } while (rules.contains(bridge) && System.nanoTime() < deadline && sleptAWhile());
            assertThat(rules)
                    .as("%s after network rm", tool)
                    .doesNotContain(bridge)
                    .contains(" -i shoal0 -j ACCEPT");
        }
    }

    private static boolean sleptAWhile() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }

    /** Deletes Shoal's jump from DOCKER-USER (ip and ip6), by its handle, as an operator flushing it would. */
    private static void removeShoalsJump() throws Exception {
        for (String family : List.of("ip", "ip6")) {
            String listing = shoald.run(
                            List.of("nft", "-a", "list", "chain", family, "filter", "DOCKER-USER"), Map.of())
                    .out();
            java.util.regex.Matcher jump = java.util.regex.Pattern.compile(
                            "jump " + DockerdBeside.SHOAL_CHAIN + " # handle (\\d+)")
                    .matcher(listing);
            assertThat(jump.find())
                    .as("Shoal's jump in %s filter DOCKER-USER:\n%s", family, listing)
                    .isTrue();
            Result deleted = shoald.run(
                    List.of("nft", "delete", "rule", family, "filter", "DOCKER-USER", "handle", jump.group(1)),
                    Map.of());
            assertThat(deleted.exit()).as(deleted.toString()).isZero();
        }
    }

    /** spub's host port published on every address. */
    private static String publishedPort() throws Exception {
        String line = shoald.ok("port", "spub", "80")
                .lines()
                .filter(l -> l.startsWith("0.0.0.0:"))
                .findFirst()
                .orElseThrow();
        return line.substring(line.lastIndexOf(':') + 1);
    }

    private static String outsideFetch(String port) throws Exception {
        Result result = outsideCurl(port, 5);
        assertThat(result.exit()).as("curl from the outside\n" + result).isZero();
        return result.text();
    }

    /** curl from the outside namespace to a published port on the host's outside address, bounded to that many s. */
    private static Result outsideCurl(String port, int seconds) throws Exception {
        return shoald.run(
                List.of(
                        "ip",
                        "netns",
                        "exec",
                        outsideNamespace,
                        "curl",
                        "-s",
                        "--max-time",
                        Integer.toString(seconds),
                        "http://" + HOST_ON_OUTSIDE_LINK + ":" + port + "/hostname"),
                Map.of());
    }

    /**
     * Starts the stopped shoald again and checks what must hold after its {@code startsThatSwept}-th start: it
     * swept, dockerd's side is as {@code before}, shoald's own state is consistent and it serves.
     */
    private static void checkAfterStart(String stop, int startsThatSwept, Map<String, List<String>> before)
            throws Exception {
        shoald.restart();
        assertThat(sweeps()).as("starts that swept").isEqualTo(startsThatSwept);
        assertUntouched("after " + stop + " and a start of shoald", before);
        assertThat(EngineConsistency.problems(shoald))
                .as("shoald after " + stop + " and a start")
                .isEmpty();
        shoaldWorks();
        enginesIsolatedFromEachOther("after " + stop + " and a start of shoald");
    }

    /**
     * As Docker refuses new connections between two of its own bridge networks, none opens between a Shoal bridge and
     * one of dockerd's, either way: Shoal's user network and default bridge to dockerd's user network and docker0, and
     * back. Every probe runs and the assertion names each that got through.
     */
    private static void enginesIsolatedFromEachOther(String when) throws Exception {
        String sweb = address(shoald.ok("inspect", "-f", ADDRESS, "sweb"));
        String splain = address(shoald.ok("inspect", "-f", ADDRESS, "splain"));
        String dweb = address(dockerd.ok("inspect", "-f", ADDRESS, "dweb"));
        String dplain = address(dockerd.ok("inspect", "-f", ADDRESS, "dplain"));
        Map<String, Result> probes = new java.util.LinkedHashMap<>();
        probes.put(
                "shoald sclient (snet) -> dockerd dweb (dnet) " + dweb + ":80",
                shoald.docker(fetchFrom("sclient", dweb)));
        probes.put(
                "shoald splain (shoal0) -> dockerd dweb (dnet) " + dweb + ":80",
                shoald.docker(fetchFrom("splain", dweb)));
        probes.put(
                "shoald splain (shoal0) -> dockerd dplain (docker0) " + dplain + " ping",
                shoald.docker(pingFrom("splain", dplain)));
        probes.put(
                "dockerd dclient (dnet) -> shoald sweb (snet) " + sweb + ":80",
                dockerd.docker(fetchFrom("dclient", sweb)));
        probes.put(
                "dockerd dplain (docker0) -> shoald sweb (snet) " + sweb + ":80",
                dockerd.docker(fetchFrom("dplain", sweb)));
        probes.put(
                "dockerd dplain (docker0) -> shoald splain (shoal0) " + splain + " ping",
                dockerd.docker(pingFrom("dplain", splain)));
        List<String> crossed = probes.entrySet().stream()
                .filter(probe -> probe.getValue().exit() == 0)
                .map(probe -> probe.getKey() + ": " + probe.getValue().text())
                .toList();
        assertThat(crossed)
                .as("connections opened between the engines' bridges, %s", when)
                .isEmpty();
    }

    private static final String ADDRESS = "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}";

    private static String address(String inspected) {
        assertThat(inspected).as("one IPv4 address").matches("[0-9.]+");
        return inspected;
    }

    private static String[] fetchFrom(String container, String address) {
        return new String[] {
            "exec",
            container,
            "sh",
            "-c",
            "printf 'GET /hostname HTTP/1.0\\r\\n\\r\\n' | nc -w 3 " + address + " 80 | grep ."
        };
    }

    private static String[] pingFrom(String container, String address) {
        return new String[] {"exec", container, "ping", "-c", "1", "-W", "2", address};
    }

    /** dockerd's state equals {@code before}, part by part, and its containers and published port work. */
    private static void assertUntouched(String when, Map<String, List<String>> before) throws Exception {
        Map<String, List<String>> now = dockerd.state();
        for (Map.Entry<String, List<String>> part : before.entrySet()) {
            assertThat(now.get(part.getKey()))
                    .as("dockerd's %s %s", part.getKey(), when)
                    .containsExactlyElementsOf(part.getValue());
        }
        dockerdWorks();
    }

    /** dockerd's containers reach each other by name and their gateway, and its published port answers. */
    private static void dockerdWorks() throws Exception {
        String hostname = dockerd.ok("exec", "dweb", "hostname");
        dockerd.ok("exec", "dclient", "ping", "-c", "1", "-W", "5", "dweb");
        // busybox-static's wget dies of SIGSEGV in dockerd's containers (exit 139, by name or address): nc instead.
        assertThat(dockerd.ok(
                        "exec", "dclient", "sh", "-c", "printf 'GET /hostname HTTP/1.0\\r\\n\\r\\n' | nc -w 5 dweb 80"))
                .as("dweb's page fetched by dclient through dockerd's DNS and bridge")
                .endsWith("\n" + hostname);
        dockerd.ok("exec", "dplain", "ping", "-c", "1", "-W", "5", DOCKER0_GATEWAY);
        String port = dockerd.ok("port", "dweb", "80").lines().findFirst().orElseThrow();
        assertThat(fetch("http://" + port + "/hostname"))
                .as("dockerd's published port " + port)
                .isEqualTo(hostname);
    }

    /**
     * shoald's published port answers from the namespace, its containers resolve each other, and its forwarded
     * traffic passes dockerd's FORWARD.
     */
    private static void shoaldWorks() throws Exception {
        shoaldForwards("beside a running dockerd");
        String hostname = shoald.ok("exec", "sweb", "hostname");
        String port = shoald.ok("port", "sweb", "80").lines().findFirst().orElseThrow();
        assertThat(fetch("http://" + port + "/hostname"))
                .as("shoald's published port " + port)
                .isEqualTo(hostname);
        assertThat(shoald.ok("exec", "sclient", "nslookup", "sweb")).contains("10.232.0.");
    }

    /** How many of shoald's starts logged their sweep of sandbox namespaces (the links' sweep runs before it). */
    private static long sweeps() throws Exception {
        return shoald.logText()
                .lines()
                .filter(line -> line.contains("sandbox namespaces: 0 orphaned removed"))
                .count();
    }

    private static String fetch(String url) throws Exception {
        Result result = shoald.run(List.of("curl", "-s", "--max-time", "5", url), Map.of());
        assertThat(result.exit()).as("curl " + url + "\n" + result).isZero();
        return result.text();
    }
}
