package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.daemon.ShoaldUnderTest.Result;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The embedded DNS and the isolation of networks seen from inside containers (busybox nslookup, ping, wget) run by a
 * real shoald through the docker CLI: names, aliases and their round robin, AAAA, PTR, scoping per network, removal;
 * two user networks isolated, an internal network, connect and disconnect on a running container. One set of
 * long-running containers is shared by the tests, which only read it or undo what they change. Runs as root through
 * scripts/in-netns.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineCliDnsE2eTest {
    private static final String IMAGE = ShoaldUnderTest.IMAGE;
    private static final Pattern ADDRESS = Pattern.compile("Address(?: \\d+)?: ([0-9a-f.:]+)$", Pattern.MULTILINE);

    @RegisterExtension
    static final ShoaldUnderTest shoald = ShoaldUnderTest.perClass();

    @BeforeAll
    void populate() throws Exception {
        shoald.ok("network", "create", "--ipv6", "--subnet", "10.41.0.0/24", "--subnet", "fd00:41::/64", "front");
        shoald.ok("network", "create", "--subnet", "10.42.0.0/24", "back");
        for (String name : List.of("web1", "web2", "web3")) {
            shoald.ok(
                    "run", "-d", "--name", name, "--network", "front", "--network-alias", "web", IMAGE, "sleep", "600");
        }
        shoald.ok("run", "-d", "--name", "client", "--network", "front", IMAGE, "sleep", "600");
        shoald.ok("run", "-d", "--name", "outsider", "--network", "back", IMAGE, "sleep", "600");
        shoald.ok("run", "-d", "--name", "plain", IMAGE, "sleep", "600");
    }

    private String address(String container, String network) throws Exception {
        return shoald.ok("inspect", container, "--format", "{{.NetworkSettings.Networks." + network + ".IPAddress}}");
    }

    /** The answers of busybox's nslookup for {@code name}, as printed after the server's lines. */
    private static List<String> answers(String output) {
        String afterServer = output.substring(output.indexOf("\n\n") + 1);
        List<String> found = new ArrayList<>();
        Matcher matcher = ADDRESS.matcher(afterServer);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    @Test
    void containerNameResolvesToItsAddress() throws Exception {
        String out = shoald.ok("exec", "client", "nslookup", "-type=a", "web1");
        assertThat(answers(out)).containsExactly(address("web1", "front"));
        assertThat(shoald.ok("exec", "client", "cat", "/etc/resolv.conf")).contains("nameserver 127.0.0.11");
        // ping by name works, so the libc-level resolution (musl-less busybox: /etc/hosts + DNS) does too.
        shoald.ok("exec", "client", "ping", "-c", "1", "-W", "2", "web2");
    }

    @Test
    void aliasAnswersAllThreeAndTheFirstRotates() throws Exception {
        Set<String> expected = Set.of(address("web1", "front"), address("web2", "front"), address("web3", "front"));
        Set<String> firsts = new LinkedHashSet<>();
        for (int i = 0; i < 6; i++) {
            List<String> found = answers(shoald.ok("exec", "client", "nslookup", "-type=a", "web"));
            assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
            firsts.add(found.get(0));
        }
        assertThat(firsts).as("the first address across queries").hasSizeGreaterThan(1);
    }

    @Test
    void theShortIdResolvesAndAliasesAreShown() throws Exception {
        String shortId = shoald.ok("inspect", "web3", "--format", "{{.Id}}").substring(0, 12);
        assertThat(answers(shoald.ok("exec", "client", "nslookup", "-type=a", shortId)))
                .containsExactly(address("web3", "front"));
        assertThat(shoald.ok("inspect", "web3", "--format", "{{json .NetworkSettings.Networks.front.Aliases}}"))
                .contains("\"web\"");
        assertThat(shoald.ok("ps", "--filter", "network=front", "--format", "{{.Names}}")
                        .lines())
                .containsExactlyInAnyOrder("web1", "web2", "web3", "client");
    }

    @Test
    void aaaaOnTheIpv6Network() throws Exception {
        String v6 = shoald.ok("inspect", "web1", "--format", "{{.NetworkSettings.Networks.front.GlobalIPv6Address}}");
        assertThat(v6).startsWith("fd00:41::");
        String out = shoald.ok("exec", "client", "nslookup", "-type=aaaa", "web1");
        assertThat(answers(out)).containsExactly(v6);
    }

    @Test
    void ipv6AndAFixedAddressWork() throws Exception {
        String v6 = shoald.ok("inspect", "web2", "--format", "{{.NetworkSettings.Networks.front.GlobalIPv6Address}}");
        shoald.ok("exec", "client", "ping", "-6", "-c", "1", "-W", "2", v6);
        shoald.ok("run", "-d", "--name", "fixed", "--network", "front", "--ip", "10.41.0.99", IMAGE, "sleep", "600");
        try {
            assertThat(shoald.ok("exec", "fixed", "ip", "-4", "addr", "show", "eth0"))
                    .contains("10.41.0.99/24");
            assertThat(answers(shoald.ok("exec", "client", "nslookup", "-type=a", "fixed")))
                    .containsExactly("10.41.0.99");
            shoald.ok("exec", "fixed", "ping", "-c", "1", "-W", "2", "web1");
            Result taken = shoald.fails("run", "--rm", "--network", "front", "--ip", "10.41.0.99", IMAGE, "true");
            assertThat(taken.err()).contains("10.41.0.99");
        } finally {
            shoald.docker("rm", "-f", "fixed");
        }
    }

    @Test
    void ptrGivesTheContainerName() throws Exception {
        String out = shoald.ok("exec", "client", "nslookup", address("web2", "front"));
        assertThat(out).contains("name = web2");
    }

    @Test
    void namesAreScopedToTheirNetwork() throws Exception {
        Result other = shoald.docker("exec", "outsider", "nslookup", "-type=a", "web1");
        assertThat(other.exit()).as(other.toString()).isNotZero();
        assertThat(answers(other.out())).isEmpty();
        Result alias = shoald.docker("exec", "outsider", "nslookup", "-type=a", "web");
        assertThat(answers(alias.out())).isEmpty();
        // On the default bridge, Docker's embedded DNS is not used: names of other containers do not resolve.
        Result plain = shoald.docker("exec", "plain", "nslookup", "-type=a", "client");
        assertThat(answers(plain.out())).isEmpty();
        assertThat(shoald.docker("exec", "plain", "ping", "-c", "1", "-W", "1", "client")
                        .exit())
                .isNotZero();
    }

    @Test
    void aRemovedContainerIsGoneFromTheAnswersAtOnce() throws Exception {
        shoald.ok("run", "-d", "--name", "web4", "--network", "front", "--network-alias", "web", IMAGE, "sleep", "600");
        String web4 = address("web4", "front");
        assertThat(answers(shoald.ok("exec", "client", "nslookup", "-type=a", "web")))
                .contains(web4);
        shoald.ok("rm", "-f", "web4");
        assertThat(answers(shoald.ok("exec", "client", "nslookup", "-type=a", "web")))
                .hasSize(3)
                .doesNotContain(web4);
        Result gone = shoald.docker("exec", "client", "nslookup", "-type=a", "web4");
        assertThat(answers(gone.out())).isEmpty();
    }

    @Test
    void twoUserNetworksAreIsolated() throws Exception {
        String web1 = address("web1", "front");
        String outsider = address("outsider", "back");
        assertThat(shoald.docker("exec", "outsider", "ping", "-c", "1", "-W", "1", web1)
                        .exit())
                .isNotZero();
        assertThat(shoald.docker("exec", "client", "ping", "-c", "1", "-W", "1", outsider)
                        .exit())
                .isNotZero();
        assertThat(shoald.docker("exec", "outsider", "wget", "-q", "-T", "2", "-O", "-", "http://" + web1 + ":80/")
                        .exit())
                .isNotZero();
        // Within a network they reach each other.
        shoald.ok("exec", "client", "ping", "-c", "1", "-W", "2", web1);
    }

    @Test
    void anInternalNetworkHasNoDefaultRouteAndNoWayOut() throws Exception {
        shoald.ok("network", "create", "--internal", "--subnet", "10.43.0.0/24", "sealed");
        try {
            shoald.ok("run", "-d", "--name", "sealed-c", "--network", "sealed", IMAGE, "sleep", "600");
            assertThat(shoald.ok("exec", "sealed-c", "ip", "route")).doesNotContain("default");
            String gatewayOutside =
                    shoald.ok("network", "inspect", "bridge", "--format", "{{(index .IPAM.Config 0).Gateway}}");
            assertThat(shoald.docker("exec", "sealed-c", "ping", "-c", "1", "-W", "1", gatewayOutside)
                            .exit())
                    .isNotZero();
            assertThat(shoald.docker("exec", "sealed-c", "ping", "-c", "1", "-W", "1", address("web1", "front"))
                            .exit())
                    .isNotZero();
        } finally {
            shoald.docker("rm", "-f", "sealed-c");
            shoald.docker("network", "rm", "sealed");
        }
    }

    @Test
    void connectAndDisconnectARunningContainer() throws Exception {
        shoald.ok("run", "-d", "--name", "hopper", "--network", "back", IMAGE, "sleep", "600");
        try {
            assertThat(shoald.ok("exec", "hopper", "ip", "route")).contains("default via 10.42.0.1");
            shoald.ok(
                    "network",
                    "connect",
                    "--alias",
                    "jumper",
                    "--ip",
                    "10.41.0.200",
                    "--ip6",
                    "fd00:41::200",
                    "front",
                    "hopper");
            String links = shoald.ok("exec", "hopper", "ip", "addr");
            assertThat(links).contains("eth1", "10.41.0.200/24", "fd00:41::200/64");
            assertThat(answers(shoald.ok("exec", "client", "nslookup", "-type=a", "jumper")))
                    .containsExactly("10.41.0.200");
            assertThat(answers(shoald.ok("exec", "client", "nslookup", "-type=a", "hopper")))
                    .containsExactly("10.41.0.200");
            shoald.ok("exec", "hopper", "ping", "-c", "1", "-W", "2", "web1");
            assertThat(shoald.ok("inspect", "hopper", "--format", "{{.NetworkSettings.Networks.front.IPAddress}}"))
                    .isEqualTo("10.41.0.200");

            // Off the network its default route came from: the route moves to the one left.
            shoald.ok("network", "disconnect", "back", "hopper");
            String route = shoald.ok("exec", "hopper", "ip", "route");
            assertThat(route).contains("default via 10.41.0.1").doesNotContain("10.42.0.");
            assertThat(shoald.ok("exec", "hopper", "ip", "addr")).doesNotContain("10.42.0.");

            shoald.ok("network", "disconnect", "-f", "front", "hopper");
            assertThat(shoald.ok("exec", "hopper", "ip", "addr")).doesNotContain("eth1", "10.41.0.200");
            assertThat(answers(shoald.docker("exec", "client", "nslookup", "-type=a", "jumper")
                            .out()))
                    .isEmpty();
            assertThat(shoald.ok("inspect", "hopper", "--format", "{{len .NetworkSettings.Networks}}"))
                    .isEqualTo("0");
        } finally {
            shoald.docker("rm", "-f", "hopper");
        }
    }
}
