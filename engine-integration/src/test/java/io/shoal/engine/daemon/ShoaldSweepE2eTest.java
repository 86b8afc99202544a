package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.daemon.ShoaldUnderTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A start removes what carries Shoal's mark and belongs to nothing stored, and nothing else (issue 13, "Reconcile at
 * start"): with shoald killed, orphans are planted (a marked bridge for a network that does not exist with a
 * Shoal-named veth on it, a Shoal-named veth without endpoint on a live network's bridge, a marked sandbox namespace,
 * chains and a map element of a network that does not exist in Shoal's table) beside look-alikes without the mark
 * (a {@code br-…} bridge without alias, a veth of another prefix, an {@code inet filter} table, a {@code shoal-…}
 * namespace without marker, a namespace of another name); the next start removes the first and leaves the second,
 * and the running container, its bridge and its veth stay as they were.
 */
@Tag("e2e")
class ShoaldSweepE2eTest {
    @RegisterExtension
    static final ShoaldUnderTest shoald = ShoaldUnderTest.perClass();

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aStartRemovesMarkedOrphansOnlyAndLeavesRunningContainersAlone() throws Exception {
        shoald.ok("network", "create", "--subnet", "10.231.0.0/24", "sweepnet");
        shoald.ok("run", "-d", "--name", "keeper", "--network", "sweepnet", "busybox", "sleep", "3600");
        String network = shoald.ok("network", "inspect", "-f", "{{.Id}}", "sweepnet");
        String bridge = "br-" + network.substring(0, 12);
        assertThat(ip("-o", "link", "show", bridge))
                .as("a network's bridge carries the mark")
                .contains("alias shoal:" + network);
        String bridgeBefore = ip("-o", "link", "show", bridge).split(":", 2)[0];
        List<String> keeperVeths = linksOf("veth");

        String ghost = hex(64);
        String ghostBridge = "br-" + ghost.substring(0, 12);
        String ghostVeth = "veth" + hex(11);
        String strayVeth = "veth" + hex(11);
        String ghostNamespace = "shoal-" + ghost.substring(0, 12);
        String unmarkedNamespace = "shoal-" + hex(12);
        String otherNamespace = "other-sweep-" + ProcessHandle.current().pid();
        String lookalikeBridge = "br-" + hex(12);
        List<List<String>> cleanUp = new ArrayList<>();
        try {
            shoald.kill9();
            // Marked orphans.
            sh("ip", "link", "add", ghostBridge, "type", "bridge");
            sh("ip", "link", "set", ghostBridge, "alias", "shoal:" + ghost);
            sh("ip", "link", "add", ghostVeth, "type", "veth", "peer", "name", "p" + ghostVeth.substring(4));
            sh("ip", "link", "set", ghostVeth, "master", ghostBridge);
            sh("ip", "link", "add", strayVeth, "type", "veth", "peer", "name", "p" + strayVeth.substring(4));
            sh("ip", "link", "set", strayVeth, "master", bridge);
            sh("nft", "add chain inet shoal n-" + ghost.substring(0, 12) + "-in");
            sh(
                    "nft",
                    "add element inet shoal to-bridge { \"" + ghostBridge + "\" : jump n-" + ghost.substring(0, 12)
                            + "-in }");
            sh("ip", "netns", "add", ghostNamespace);
            cleanUp.add(List.of("ip", "netns", "delete", ghostNamespace));
            Files.createFile(shoald.dataRoot().resolve("netns").resolve(ghostNamespace));
            // Look-alikes without the mark.
            sh("ip", "link", "add", lookalikeBridge, "type", "bridge");
            cleanUp.add(List.of("ip", "link", "delete", lookalikeBridge));
            sh("ip", "link", "add", "dockveth0", "type", "veth", "peer", "name", "dockveth1");
            cleanUp.add(List.of("ip", "link", "delete", "dockveth0"));
            sh("nft", "add table inet filter");
            sh("nft", "add chain inet filter sweepkeep");
            cleanUp.add(List.of("nft", "delete table inet filter"));
            sh("ip", "netns", "add", unmarkedNamespace);
            cleanUp.add(List.of("ip", "netns", "delete", unmarkedNamespace));
            sh("ip", "netns", "add", otherNamespace);
            cleanUp.add(List.of("ip", "netns", "delete", otherNamespace));

            shoald.restart();

            List<String> bridges = linksOf("bridge");
            List<String> veths = linksOf("veth");
            assertThat(bridges).doesNotContain(ghostBridge).contains(lookalikeBridge, bridge);
            assertThat(veths)
                    .doesNotContain(ghostVeth, strayVeth)
                    .contains("dockveth0")
                    .containsAll(keeperVeths);
            assertThat(ip("-o", "link", "show", bridge).split(":", 2)[0])
                    .as("the live bridge's ifindex")
                    .isEqualTo(bridgeBefore);
            String table = shoald.run(List.of("nft", "list", "table", "inet", "shoal"), Map.of())
                    .out();
            assertThat(table).doesNotContain(ghost.substring(0, 12)).contains(network.substring(0, 12));
            assertThat(shoald.run(List.of("nft", "list", "chain", "inet", "filter", "sweepkeep"), Map.of())
                            .exit())
                    .as("the inet filter table and its chain stay")
                    .isZero();
            assertThat(Path.of("/run/netns", ghostNamespace)).doesNotExist();
            assertThat(shoald.dataRoot().resolve("netns").resolve(ghostNamespace))
                    .doesNotExist();
            assertThat(Path.of("/run/netns", unmarkedNamespace)).exists();
            assertThat(Path.of("/run/netns", otherNamespace)).exists();
            assertThat(shoald.logText())
                    .contains("orphaned bridge " + ghostBridge + " removed")
                    .contains("orphaned veth " + ghostVeth + " removed")
                    .contains("orphaned veth " + strayVeth + " removed")
                    .contains("orphaned sandbox namespace " + ghostNamespace + " removed");

            assertThat(shoald.ok("inspect", "-f", "{{.State.Running}}", "keeper"))
                    .isEqualTo("true");
            shoald.ok("exec", "keeper", "ping", "-c", "1", "-W", "5", "10.231.0.1");
        } finally {
            for (List<String> command : cleanUp) {
                shoald.run(command, Map.of());
            }
        }
        assertThat(EngineConsistency.problems(shoald)).isEmpty();
    }

    private static String hex(int digits) {
        byte[] bytes = new byte[(digits + 1) / 2];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).substring(0, digits);
    }

    private static String ip(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Result result = shoald.run(command, Map.of());
        assertThat(result.exit()).as(String.join(" ", command) + "\n" + result).isZero();
        return result.out();
    }

    private static void sh(String... command) throws Exception {
        List<String> line =
                command[0].equals("nft") && command.length == 2 ? List.of("nft", command[1]) : List.of(command);
        Result result = shoald.run(line, Map.of());
        assertThat(result.exit()).as(String.join(" ", line) + "\n" + result).isZero();
    }

    private static List<String> linksOf(String type) throws Exception {
        return ip("-o", "link", "show", "type", type)
                .lines()
                .map(line -> line.split(": ", 3)[1].replaceAll("@.*", ""))
                .toList();
    }
}
