package io.shoal.dns.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.dns.firewall.DnsRedirectRules;
import io.shoal.dns.records.EndpointRecord;
import io.shoal.dns.server.ResolverSettings;
import io.shoal.net.IpAddresses;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.testing.Commands;
import io.shoal.netlink.testing.NetnsExtension;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A resolver started again by a new engine in a namespace whose DNAT rule an earlier engine left ({@link
 * EmbeddedDns#reattach}): the rule is kept when it leads to the ports bound again, written when not. Whether it was
 * rewritten shows in the table's handle (nft -a): a rewrite deletes and adds the table.
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class ReattachNetnsTest {
    private static final String CLIENT = "c11e47000000";
    private static final Duration PROBE = Duration.ofSeconds(2);

    private final EmbeddedDns dns =
            EmbeddedDns.start(ResolverSettings.defaults().withEventLoopThreads(1));

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void theRecordedPortsAreBoundAgainAndTheRuleLeftAsItIs(NetworkNamespace client) throws Exception {
        join();
        ContainerResolver first = dns.attach(CLIENT, client, List.of());
        ListenerPorts ports = first.ports();
        String rule = ruleset(client);
        first.closeListener();
        assertThatThrownBy(() -> Dig.ask(client, "+time=1", "client")) // nobody listens: dig exits 9
                .isInstanceOf(IOException.class);

        ContainerResolver again = dns.reattach(CLIENT, client, List.of(), Optional.of(ports), PROBE);

        assertThat(again.ports()).isEqualTo(ports);
        assertThat(ruleset(client)).isEqualTo(rule);
        assertThat(Dig.ask(client, "client").data()).containsExactly("172.30.0.9");
        again.close();
    }

    @Test
    void aRuleGoneIsWrittenAgainForTheSamePorts(NetworkNamespace client) throws Exception {
        join();
        ContainerResolver first = dns.attach(CLIENT, client, List.of());
        ListenerPorts ports = first.ports();
        first.close(); // listener and rule gone, as in a namespace made again

        ContainerResolver again = dns.reattach(CLIENT, client, List.of(), Optional.of(ports), PROBE);

        assertThat(again.ports()).isEqualTo(ports);
        assertThat(Dig.ask(client, "client").data()).containsExactly("172.30.0.9");
        again.close();
    }

    @Test
    void aRecordedPortTakenMeanwhileGivesNewPortsAndANewRule(NetworkNamespace client) throws Exception {
        join();
        ContainerResolver first = dns.attach(CLIENT, client, List.of());
        ListenerPorts ports = first.ports();
        String rule = ruleset(client);
        first.closeListener();
        try (DatagramSocket squatter = client.callInside(
                () -> new DatagramSocket(new InetSocketAddress(IpAddresses.parse("127.0.0.11"), ports.udpPort())))) {

            ContainerResolver again = dns.reattach(CLIENT, client, List.of(), Optional.of(ports), PROBE);

            assertThat(again.ports()).isNotEqualTo(ports);
            assertThat(ruleset(client)).isNotEqualTo(rule);
            assertThat(Dig.ask(client, "client").data()).containsExactly("172.30.0.9");
            assertThat(squatter.isBound()).isTrue();
            again.close();
        }
    }

    @Test
    void uncheckedTheRecordedPortsAreBoundAgainAndNoRuleIsWritten(NetworkNamespace client) throws Exception {
        join();
        ContainerResolver first = dns.attach(CLIENT, client, List.of());
        ListenerPorts ports = first.ports();
        first.close(); // listener and rule gone: unchecked, nothing notices

        ContainerResolver again = dns.reattachUnchecked(CLIENT, client, List.of(), ports);

        assertThat(again.ports()).isEqualTo(ports);
        assertThatThrownBy(() -> ruleset(client)).isInstanceOf(Exception.class); // no table: nft fails
        dns.checkRedirect(again, PROBE); // the check that follows writes it

        assertThat(Dig.ask(client, "client").data()).containsExactly("172.30.0.9");
        again.close();
    }

    @Test
    void theCheckLeavesARuleThatLeadsToTheListenerAsItIs(NetworkNamespace client) throws Exception {
        join();
        ContainerResolver first = dns.attach(CLIENT, client, List.of());
        ListenerPorts ports = first.ports();
        String rule = ruleset(client);
        first.closeListener();
        ContainerResolver again = dns.reattachUnchecked(CLIENT, client, List.of(), ports);

        dns.checkRedirect(again, PROBE);

        assertThat(ruleset(client)).isEqualTo(rule);
        assertThat(Dig.ask(client, "client").data()).containsExactly("172.30.0.9");
        again.close();
    }

    private void join() {
        dns.records().join("front", EndpointRecord.of(CLIENT, "client", IpAddresses.parse("172.30.0.9")));
    }

    private static String ruleset(NetworkNamespace namespace) throws Exception {
        return Commands.run(
                "ip",
                "netns",
                "exec",
                namespace.name().orElseThrow(),
                "nft",
                "-a",
                "list",
                "table",
                "ip",
                DnsRedirectRules.TABLE);
    }
}
