package io.shoal.engine.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.dns.firewall.DnsRedirectRules;
import io.shoal.dns.placement.EmbeddedDns;
import io.shoal.dns.server.ResolverSettings;
import io.shoal.engine.dns.DnsEntry;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.testing.Commands;
import io.shoal.netlink.testing.NetnsExtension;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** A resolver attached through the name service answers inside a real namespace on 127.0.0.11:53. */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class EmbeddedDnsNameServiceNetnsTest {
    private static final String CLIENT = "c1".repeat(32);
    private static final String WEB = "3eb0".repeat(16);

    private final EmbeddedDns dns =
            EmbeddedDns.start(ResolverSettings.defaults().withEventLoopThreads(1));
    private final EmbeddedDnsNameService names = new EmbeddedDnsNameService(dns);

    @AfterEach
    void stop() {
        names.detachAll();
        dns.close();
    }

    @Test
    void answersAPublishedNameOnPort53InsideTheContainerUntilDetached(NetworkNamespace container) throws Exception {
        names.defineNetwork("front", List.of(IpPrefix.parse("172.30.0.0/16")), true);
        names.publish(
                "front",
                new DnsEntry(CLIENT, "client", Optional.empty(), List.of(), List.of(IpAddresses.parse("172.30.0.2"))));
        names.publish(
                "front",
                new DnsEntry(WEB, "web", Optional.empty(), List.of("www"), List.of(IpAddresses.parse("172.30.0.3"))));

        names.attachResolver(CLIENT, container.path(), List.of());
        Message answer = ask(container, "www.");

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
        List<Record> records = answer.getSection(Section.ANSWER);
        assertThat(records).hasSize(1);
        assertThat(((ARecord) records.get(0)).getAddress()).isEqualTo(IpAddresses.parse("172.30.0.3"));

        names.detachResolver(CLIENT);
        assertThat(names.attachedResolvers()).isZero();
        // The DNAT is gone with the listener: the kernel answers port unreachable to the connected socket.
        assertThatThrownBy(() -> ask(container, "www.")).isInstanceOf(PortUnreachableException.class);
    }

    /**
     * Before its namespace is deleted the resolver stops answering at once, its recorded ports are forgotten, and its
     * DNAT rule is left for the namespace's deletion to take (no nftables commit on the teardown's path).
     */
    @Test
    void beforeTheNamespaceIsDeletedTheListenerStopsAndTheRuleIsLeft(NetworkNamespace container, @TempDir Path ports)
            throws Exception {
        publishClientAndWeb();
        ResolverPortFiles files = new ResolverPortFiles(ports);
        EmbeddedDnsNameService service = new EmbeddedDnsNameService(dns, Optional.of(files));
        service.attachResolver(CLIENT, container.path(), List.of());
        assertThat(ask(container, "www.").getRcode()).isEqualTo(Rcode.NOERROR);

        service.detachResolverBeforeNamespaceDelete(CLIENT);

        assertThat(service.attachedResolvers()).isZero();
        assertThat(files.read(CLIENT)).isEmpty();
        assertThatThrownBy(() -> ask(container, "www.")).isInstanceOf(PortUnreachableException.class);
        String table = Commands.run(
                "ip",
                "netns",
                "exec",
                container.name().orElseThrow(),
                "nft",
                "list",
                "table",
                "ip",
                DnsRedirectRules.TABLE);
        assertThat(table).contains("dnat");
    }

    /**
     * A restart's early attach takes the rule the earlier engine left on trust; when that rule is gone the next
     * attach of the same container (the store-based step) probes, finds no answer and writes it.
     */
    @Test
    void aRuleTakenOnTrustAtTheEarlyAttachIsCheckedAtTheNextAttach(NetworkNamespace container, @TempDir Path ports)
            throws Exception {
        publishClientAndWeb();
        EmbeddedDnsNameService before = new EmbeddedDnsNameService(dns, Optional.of(new ResolverPortFiles(ports)));
        before.attachResolver(CLIENT, container.path(), List.of());
        before.releaseAll(); // the engine stops, the rule stays
        Commands.run(
                "ip",
                "netns",
                "exec",
                container.name().orElseThrow(),
                "nft",
                "delete",
                "table",
                "ip",
                DnsRedirectRules.TABLE); // and goes, as nothing but a probe would notice
        EmbeddedDnsNameService after = new EmbeddedDnsNameService(dns, Optional.of(new ResolverPortFiles(ports)));

        after.attachResolverEarly(CLIENT, container.path(), List.of());
        assertThatThrownBy(() -> ask(container, "www.")).isInstanceOf(PortUnreachableException.class);
        after.attachResolver(CLIENT, container.path(), List.of());

        assertThat(ask(container, "www.").getRcode()).isEqualTo(Rcode.NOERROR);
        after.detachAll();
    }

    private void publishClientAndWeb() {
        names.defineNetwork("front", List.of(IpPrefix.parse("172.30.0.0/16")), true);
        names.publish(
                "front",
                new DnsEntry(CLIENT, "client", Optional.empty(), List.of(), List.of(IpAddresses.parse("172.30.0.2"))));
        names.publish(
                "front",
                new DnsEntry(WEB, "web", Optional.empty(), List.of("www"), List.of(IpAddresses.parse("172.30.0.3"))));
    }

    /** One A question over UDP from inside {@code namespace} to 127.0.0.11:53, as a stub resolver sends it. */
    private static Message ask(NetworkNamespace namespace, String name) throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
        byte[] wire = query.toWire();
        DatagramSocket socket = namespace.<DatagramSocket, IOException>callInside(() -> {
            DatagramSocket s = new DatagramSocket(0, IpAddresses.parse("127.0.0.1"));
            s.connect(new InetSocketAddress(IpAddresses.parse("127.0.0.11"), 53));
            return s;
        });
        try (socket) {
            socket.setSoTimeout(5_000);
            socket.send(new DatagramPacket(wire, wire.length));
            byte[] buffer = new byte[4096];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            return new Message(java.util.Arrays.copyOf(buffer, reply.getLength()));
        }
    }
}
