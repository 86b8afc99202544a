package io.shoal.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 14 with a real dockerd: Debian's dockerd 20.10 (private, scripts/private-dockerd, names {@code shoalplug-e2e}),
 * the real docker CLI, and {@code shoald plugin} as the remote plugin {@code shoal} for both the network driver and
 * IPAM. The methods run in order on one dockerd: each leaves what the next needs.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginDockerdE2eTest {
    private static PrivateDockerdWithPlugin env;

    /** dockerd's default bridge's gateway in its namespace (PD_BIP): an address outside every Shoal network. */
    private static final String HOST_ADDRESS = "10.212.255.1";

    @BeforeAll
    static void startDockerdAndPlugin() throws Exception {
        env = new PrivateDockerdWithPlugin(
                "shoalplug-e2e", Path.of("..").toAbsolutePath().normalize());
        env.start();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (env != null) {
            env.close();
        }
    }

    private static String run(String... args) throws Exception {
        return env.docker(args).ok().out().trim();
    }

    private static boolean pings(String container, String... target) throws Exception {
        String[] args = new String[5 + target.length];
        args[0] = "exec";
        args[1] = container;
        args[2] = "ping";
        args[3] = "-c1";
        args[4] = "-W2";
        System.arraycopy(target, 0, args, 5, target.length);
        return env.docker(args).exit() == 0;
    }

    /** The PoolID of a RequestPool reply (body, then the status on its own line). */
    private static String poolIdOf(PrivateDockerdWithPlugin.Result reply) {
        assertThat(reply.out()).endsWith("200");
        java.util.regex.Matcher id =
                java.util.regex.Pattern.compile("\"PoolID\":\"([^\"]+)\"").matcher(reply.out());
        assertThat(id.find()).as(reply.out()).isTrue();
        return id.group(1);
    }

    @Test
    @Order(1)
    void containersOnAShoalNetworkTalkOverBothFamiliesAndFindEachOtherByNameAndAlias() throws Exception {
        run(
                "network",
                "create",
                "-d",
                "shoal",
                "--ipam-driver",
                "shoal",
                "--subnet",
                "10.41.0.0/24",
                "--ipv6",
                "--subnet",
                "fd41::/64",
                "app");
        run(
                "run",
                "-d",
                "--name",
                "web",
                "--network",
                "app",
                "--network-alias",
                "www",
                PrivateDockerdWithPlugin.IMAGE,
                "httpd",
                "-f",
                "-p",
                "80",
                "-h",
                "/etc");
        run("run", "-d", "--name", "client", "--network", "app", PrivateDockerdWithPlugin.IMAGE, "sleep", "3600");

        String webV4 = run("inspect", "web", "-f", "{{(index .NetworkSettings.Networks \"app\").IPAddress}}");
        String webV6 = run("inspect", "web", "-f", "{{(index .NetworkSettings.Networks \"app\").GlobalIPv6Address}}");
        assertThat(webV4).startsWith("10.41.0.");
        assertThat(webV6).startsWith("fd41::");
        assertThat(pings("client", "-4", "web")).as("IPv4 by name").isTrue();
        assertThat(pings("client", "-6", "www")).as("IPv6 by alias").isTrue();
        assertThat(pings("web", "-4", "client")).isTrue();
        String lookup = run("exec", "client", "nslookup", "www", "127.0.0.11");
        assertThat(lookup).contains(webV4).contains(webV6);
        String inside = run("exec", "client", "ip", "-o", "addr", "show", "eth0");
        assertThat(inside).contains("10.41.0.").contains("fd41::");
    }

    @Test
    @Order(2)
    void publishedPortsWorkAndAnInternalNetworkHasNoWayOut() throws Exception {
        run(
                "run",
                "-d",
                "--name",
                "pub",
                "--network",
                "app",
                "-p",
                "8080:80",
                PrivateDockerdWithPlugin.IMAGE,
                "httpd",
                "-f",
                "-p",
                "80",
                "-h",
                "/etc");
        String hostname = run("exec", "pub", "hostname");
        String fetched = env.inNetns("curl", "-s", "--max-time", "5", "http://" + HOST_ADDRESS + ":8080/hostname")
                .ok()
                .out();
        assertThat(fetched.trim()).isEqualTo(hostname);
        assertThat(pings("client", "-4", HOST_ADDRESS))
                .as("a network with a way out")
                .isTrue();

        run(
                "network",
                "create",
                "-d",
                "shoal",
                "--ipam-driver",
                "shoal",
                "--internal",
                "--subnet",
                "10.42.0.0/24",
                "backend");
        run("run", "-d", "--name", "inner", "--network", "backend", PrivateDockerdWithPlugin.IMAGE, "sleep", "3600");
        assertThat(pings("inner", "-4", HOST_ADDRESS))
                .as("--internal: no egress")
                .isFalse();
        assertThat(pings(
                        "inner",
                        "-4",
                        run("inspect", "client", "-f", "{{(index .NetworkSettings.Networks \"app\").IPAddress}}")))
                .as("networks are isolated")
                .isFalse();
        run("rm", "-f", "pub");
    }

    @Test
    @Order(3)
    void aPluginKilledAndRestartedKeepsContainersConnectedAndServesNewEndpoints() throws Exception {
        // Identical RequestPool calls, as dockerd makes them, share one pool; its references must survive the crash.
        String request = "{\"AddressSpace\":\"local\",\"Pool\":\"10.44.0.0/24\"}";
        String poolId = poolIdOf(env.pluginCall("IpamDriver.RequestPool", request));
        assertThat(poolIdOf(env.pluginCall("IpamDriver.RequestPool", request))).isEqualTo(poolId);
        env.killPlugin();
        assertThat(pings("client", "-4", "web")).as("while the plugin is down").isTrue();
        env.startPlugin();
        String release = "{\"PoolID\":\"" + poolId + "\"}";
        assertThat(env.pluginCall("IpamDriver.ReleasePool", release).out()).endsWith("200");
        assertThat(env.pluginCall("IpamDriver.RequestAddress", release).out())
                .as("the other reference still holds the pool")
                .contains("10.44.0.")
                .endsWith("200");
        assertThat(env.pluginCall("IpamDriver.ReleasePool", release).out()).endsWith("200");
        assertThat(env.pluginCall("IpamDriver.ReleasePool", release).out())
                .as("the last reference freed it")
                .contains("no IPAM pool")
                .endsWith("500");
        assertThat(pings("client", "-6", "www")).isTrue();
        run("network", "disconnect", "app", "client");
        run("network", "connect", "--alias", "cli", "app", "client");
        run("run", "-d", "--name", "late", "--network", "app", PrivateDockerdWithPlugin.IMAGE, "sleep", "3600");
        assertThat(pings("late", "-4", "cli")).isTrue();
        run("rm", "-f", "late");
        assertThat(env.pluginLog()).doesNotContain("ERROR");
    }

    @Test
    @Order(4)
    void dockerdRestartedWithLiveRestoreKeepsContainersConnected() throws Exception {
        env.script("restart").ok();
        assertThat(run("inspect", "web", "-f", "{{.State.Running}}")).isEqualTo("true");
        assertThat(pings("client", "-4", "web")).isTrue();
        assertThat(pings("client", "-6", "www")).isTrue();
        run("run", "-d", "--name", "after", "--network", "app", PrivateDockerdWithPlugin.IMAGE, "sleep", "3600");
        assertThat(pings("after", "-4", "web")).isTrue();
        run("rm", "-f", "after");
    }

    @Test
    @Order(5)
    void networkRmLeavesNoLinkRuleOrAddressBehind() throws Exception {
        String appId = run("network", "inspect", "app", "-f", "{{.Id}}").substring(0, 12);
        String backendId = run("network", "inspect", "backend", "-f", "{{.Id}}").substring(0, 12);
        run("rm", "-f", "web", "client", "inner");
        run("network", "rm", "app", "backend");
        // The bridge driver deletes links and chains in the background after a quiet moment, and the removed
        // containers' pairs (their container end named shx…, back from the sandboxes) after their Leave.
        String links = "";
        String rules = "";
        String addresses = "";
        for (int i = 0; i < 50; i++) {
            links = env.inNetns("ip", "-o", "link").ok().out();
            rules = env.inNetns("nft", "list", "ruleset").ok().out();
            addresses = env.inNetns("ip", "-o", "addr").ok().out();
            if (!links.contains("sh-") && !links.contains("shd") && !links.contains("shx") && !rules.contains(appId)) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(links).doesNotContain("sh-" + appId, "sh-" + backendId, "shx", "shd");
        assertThat(rules).doesNotContain(appId, backendId);
        assertThat(addresses).doesNotContain("10.41.0.", "10.42.0.", "fd41::");
    }

    @Test
    @Order(6)
    void containersOnAMacvlanNetworkOfThePluginTalkAndResolveAndNetworkRmLeavesOnlyTheParent() throws Exception {
        // The parent: a veth pair in dockerd's namespace, both ends up so the macvlans have carrier (no dummy here).
        env.inNetns("ip", "link", "add", "plugmv0", "type", "veth", "peer", "name", "plugmv1")
                .ok();
        try {
            env.inNetns("ip", "link", "set", "plugmv1", "up").ok();
            env.inNetns("ip", "link", "set", "plugmv0", "up").ok();
            run(
                    "network",
                    "create",
                    "-d",
                    "shoal",
                    "-o",
                    NetworkDriverCalls.DRIVER_OPTION + "=macvlan",
                    "-o",
                    "parent=plugmv0",
                    "--ipam-driver",
                    "shoal",
                    "--subnet",
                    "10.43.0.0/24",
                    "lan");
            run("run", "-d", "--name", "m1", "--network", "lan", PrivateDockerdWithPlugin.IMAGE, "sleep", "3600");
            run("run", "-d", "--name", "m2", "--network", "lan", PrivateDockerdWithPlugin.IMAGE, "sleep", "3600");

            String m1 = run("inspect", "m1", "-f", "{{(index .NetworkSettings.Networks \"lan\").IPAddress}}");
            assertThat(m1).startsWith("10.43.0.");
            // A macvlan's iflink is its parent's index (a veth end's would be its peer's).
            assertThat(run("exec", "m2", "cat", "/sys/class/net/eth0/iflink"))
                    .as("the container's eth0 is a macvlan on the parent")
                    .isEqualTo(env.inNetns("cat", "/sys/class/net/plugmv0/ifindex")
                            .ok()
                            .out()
                            .trim());
            assertThat(pings("m2", "-4", "m1"))
                    .as("by name through dockerd's DNS")
                    .isTrue();
            assertThat(pings("m1", "-4", "m2")).isTrue();
            assertThat(run("exec", "m2", "nslookup", "m1", "127.0.0.11")).contains(m1);
            assertThat(env.inNetns("ip", "-o", "link").ok().out())
                    .as("the joined macvlans are in the containers, none waits in the host")
                    .doesNotContain("shx");

            run("network", "disconnect", "lan", "m2");
            assertThat(env.inNetns("ip", "-o", "link").ok().out())
                    .as("a disconnected container's macvlan is deleted once dockerd gives it back")
                    .doesNotContain("shx");
            run("rm", "-f", "m1", "m2");
            run("network", "rm", "lan");
            String links = env.inNetns("ip", "-d", "-o", "link").ok().out();
            assertThat(links).doesNotContain("shx").doesNotContain("macvlan").contains("plugmv0");
            assertThat(env.inNetns("ip", "-o", "addr").ok().out()).doesNotContain("10.43.0.");
            assertThat(env.pluginLog()).doesNotContain("ERROR");
        } finally {
            env.inNetns("ip", "link", "del", "plugmv0");
        }
    }
}
