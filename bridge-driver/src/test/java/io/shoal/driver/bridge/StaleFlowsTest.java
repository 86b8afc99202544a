package io.shoal.driver.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.driver.bridge.firewall.PublishedPort;
import io.shoal.net.IpAddresses;
import io.shoal.netlink.ConntrackFlow;
import io.shoal.netlink.ConntrackFlow.Protocol;
import io.shoal.netlink.IpFamily;
import io.shoal.netlink.KernelException;
import io.shoal.spi.PortBinding;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Which conntrack entries a port change or a departure removes, over an in-memory table that records its dumps. */
class StaleFlowsTest {
    private static final InetAddress CLIENT = ip("192.0.2.2");
    private static final InetAddress HOST = ip("192.0.2.1");
    private static final InetAddress HOST_OTHER = ip("198.51.100.1");
    private static final InetAddress A = ip("10.78.0.2");
    private static final InetAddress B = ip("10.78.0.3");
    private static final InetAddress A6 = ip("fd78::2");
    private static final InetAddress CLIENT6 = ip("2001:db8::2");
    private static final InetAddress HOST6 = ip("2001:db8::1");

    private final Table table = new Table();
    private final StaleFlows staleFlows = new StaleFlows(table);

    // A published UDP 5353->53 and TCP 8080->7000; clients used both, plus traffic that is none of their business.
    private final ConntrackFlow udpToA = flow(Protocol.UDP, CLIENT, 40000, HOST, 5353, A, 53);
    private final ConntrackFlow tcpToA = flow(Protocol.TCP, CLIENT, 40001, HOST, 8080, A, 7000);
    private final ConntrackFlow udpToAOtherPort = flow(Protocol.UDP, CLIENT, 40000, HOST, 5354, A, 54);
    private final ConntrackFlow udpToB = flow(Protocol.UDP, CLIENT, 40002, HOST, 6000, B, 53);
    private final ConntrackFlow udpOutOfA = flow(Protocol.UDP, A, 33000, ip("203.0.113.9"), 53, ip("203.0.113.9"), 53);
    private final ConntrackFlow tcpToA6 = flow(Protocol.TCP, CLIENT6, 40000, HOST6, 8080, A6, 7000);

    @Test
    void aWithdrawnPortTakesOnlyTheFlowsItTranslated() {
        table.flows.addAll(List.of(udpToA, tcpToA, udpToAOtherPort, udpToB, udpOutOfA));

        int deleted = staleFlows.portsChanged(
                "a", List.of(udp(Optional.empty(), 5353, A, 53), tcp(8080, A, 7000)), List.of(tcp(8080, A, 7000)));

        assertThat(deleted).isEqualTo(1);
        assertThat(table.flows).containsExactly(tcpToA, udpToAOtherPort, udpToB, udpOutOfA);
        assertThat(table.dumps).containsExactly(IpFamily.IPV4);
    }

    @Test
    void aNewlyPublishedUdpPortTakesTheFlowsThatDoNotReachItsContainer() {
        ConntrackFlow toTheHostItself = flow(Protocol.UDP, CLIENT, 40000, HOST, 5353, HOST, 5353);
        ConntrackFlow toTheFormerOwner = flow(Protocol.UDP, CLIENT, 40003, HOST, 5353, A, 53);
        ConntrackFlow alreadyToB = flow(Protocol.UDP, CLIENT, 40004, HOST, 5353, B, 53);
        ConntrackFlow tcpToTheHost = flow(Protocol.TCP, CLIENT, 40005, HOST, 5353, HOST, 5353);
        table.flows.addAll(List.of(toTheHostItself, toTheFormerOwner, alreadyToB, tcpToTheHost, udpToAOtherPort));

        int deleted = staleFlows.portsChanged("b", List.of(), List.of(udp(Optional.empty(), 5353, B, 53)));

        assertThat(deleted).isEqualTo(2);
        assertThat(table.flows).containsExactly(alreadyToB, tcpToTheHost, udpToAOtherPort);
    }

    @Test
    void aPortBoundToOneHostAddressLeavesFlowsToOtherAddresses() {
        ConntrackFlow toOther = flow(Protocol.UDP, CLIENT, 40000, HOST_OTHER, 5353, HOST_OTHER, 5353);
        ConntrackFlow toBound = flow(Protocol.UDP, CLIENT, 40000, HOST, 5353, HOST, 5353);
        table.flows.addAll(List.of(toOther, toBound));

        staleFlows.portsChanged("b", List.of(), List.of(udp(Optional.of(HOST), 5353, B, 53)));

        assertThat(table.flows).containsExactly(toOther);
    }

    @Test
    void aNewlyPublishedTcpPortTouchesNothing() {
        table.flows.add(flow(Protocol.TCP, CLIENT, 40000, HOST, 8080, HOST, 8080));

        assertThat(staleFlows.portsChanged("b", List.of(), List.of(tcp(8080, B, 7000))))
                .isZero();
        assertThat(table.flows).hasSize(1);
        assertThat(table.dumps).isEmpty();
    }

    @Test
    void unchangedPortsCostNoDump() {
        List<PublishedPort> same = List.of(udp(Optional.empty(), 5353, A, 53));
        table.flows.add(udpToA);

        assertThat(staleFlows.portsChanged("a", same, List.copyOf(same))).isZero();
        assertThat(table.dumps).isEmpty();
        assertThat(table.flows).containsExactly(udpToA);
    }

    @Test
    void aDepartedEndpointTakesEveryFlowOfItsAddressesInBothFamilies() {
        table.flows.addAll(List.of(udpToA, tcpToA, udpToAOtherPort, udpToB, udpOutOfA, tcpToA6));

        int deleted = staleFlows.endpointLeft("a", List.of(A, A6));

        assertThat(deleted).isEqualTo(5);
        assertThat(table.flows).containsExactly(udpToB);
        assertThat(table.dumps).containsExactlyInAnyOrder(IpFamily.IPV4, IpFamily.IPV6);
    }

    @Test
    void aTableThatFailsIsReportedNotThrown() {
        StaleFlows broken = new StaleFlows(
                StaleFlows.unavailable(KernelException.of("IPCTNL_MSG_CT_GET_STATS", "conntrack table", 22, "")));

        assertThat(broken.endpointLeft("a", List.of(A))).isZero();
    }

    private static PublishedPort udp(Optional<InetAddress> host, int hostPort, InetAddress container, int port) {
        return new PublishedPort(PortBinding.Protocol.UDP, host, hostPort, container, port);
    }

    private static PublishedPort tcp(int hostPort, InetAddress container, int port) {
        return new PublishedPort(PortBinding.Protocol.TCP, Optional.empty(), hostPort, container, port);
    }

    /** A flow from client to host:hostPort, answered by target:targetPort (the DNAT target, or the host itself). */
    private static ConntrackFlow flow(
            Protocol protocol,
            InetAddress client,
            int clientPort,
            InetAddress host,
            int hostPort,
            InetAddress target,
            int targetPort) {
        return new ConntrackFlow(
                protocol,
                new ConntrackFlow.Tuple(client, clientPort, host, hostPort),
                new ConntrackFlow.Tuple(target, targetPort, client, clientPort),
                0,
                clientPort,
                30);
    }

    private static InetAddress ip(String text) {
        return IpAddresses.parse(text);
    }

    /** The conntrack table as a list; records the family of each dump. */
    private static final class Table implements StaleFlows.FlowTable {
        final List<ConntrackFlow> flows = new ArrayList<>();
        final List<IpFamily> dumps = new ArrayList<>();

        @Override
        public int deleteIf(IpFamily family, Predicate<ConntrackFlow> which) {
            dumps.add(family);
            int before = flows.size();
            flows.removeIf(f -> f.family() == family && which.test(f));
            return before - flows.size();
        }
    }
}
