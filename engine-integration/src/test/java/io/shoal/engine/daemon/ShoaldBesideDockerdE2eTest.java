package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.daemon.ShoaldUnderTest.Result;
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
 */
@Tag("e2e")
class ShoaldBesideDockerdE2eTest {
    @RegisterExtension
    static final ShoaldUnderTest shoald = ShoaldUnderTest.perClass();

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    /** dockerd's default bridge's gateway (scripts/private-dockerd's PD_BIP). */
    private static final String DOCKER0_GATEWAY = "10.212.255.1";

    private static DockerdBeside dockerd;

    @BeforeAll
    static void startDockerdInShoaldsNamespace() throws Exception {
        dockerd = new DockerdBeside("shoalbeside-e2e", REPOSITORY, shoald);
        shoald.leaveLinksAlone(dockerd::owns);
        dockerd.start();
    }

    @AfterAll
    static void stopDockerd() throws Exception {
        if (dockerd != null) {
            dockerd.close();
        }
    }

    @Test
    void dockerdsLinksRulesNamespacesAndContainersOutliveShoaldsRestartsAndDown() throws Exception {
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

    /** shoald's published port answers from the namespace, its containers resolve each other. */
    private static void shoaldWorks() throws Exception {
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
