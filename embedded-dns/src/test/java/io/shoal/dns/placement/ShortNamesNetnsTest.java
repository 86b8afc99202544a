package io.shoal.dns.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.dns.records.EndpointRecord;
import io.shoal.dns.records.RecordRegistry;
import io.shoal.dns.server.ResolverSettings;
import io.shoal.dns.server.TestUpstream;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.testing.Commands;
import io.shoal.netlink.testing.NetnsExtension;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;

/**
 * Issue 9, item 8: glibc in a container, reading the resolv.conf Shoal generates, asks the embedded resolver for a
 * short name before it tries the search domain, so {@code web1} is the container even when the search domain's
 * {@code web1.example.test} exists upstream; names only the search domain has still resolve through it.
 *
 * <p>The host's file is {@code nameserver 10.0.0.53} and {@code search example.test}; the upstream is a test resolver
 * on 10.0.0.53 inside the container's namespace (on {@code lo}). {@code getent} runs in the namespace under a private
 * mount namespace ({@code unshare -m}) where the generated file is bind-mounted over {@code /etc/resolv.conf} and a
 * {@code hosts: files dns} nsswitch.conf over the host's, so the host's own files are never touched.
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class ShortNamesNetnsTest {
    private static final String CLIENT = "c11e47000000";
    private static final String WEB1 = "3eb100000000";
    private static final String HOST_RESOLV_CONF = "nameserver 10.0.0.53\nsearch example.test\n";

    private final EmbeddedDns dns = EmbeddedDns.start(ResolverSettings.defaults()
            .withForwarding(Duration.ofMillis(300), 2, Duration.ofMillis(900))
            .withEventLoopThreads(2));
    private final RecordRegistry records = dns.records();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        dns.close();
    }

    @Test
    void getentFindsTheContainerBeforeTheSearchDomainAndTheSearchDomainStillWorks(
            NetworkNamespace client, @TempDir Path files) throws Exception {
        TestUpstream upstream = upstreamOn(client, "10.0.0.53");
        upstream.add(new ARecord(name("web1.example.test."), DClass.IN, 60, ip("198.51.100.7")));
        upstream.add(new AAAARecord(name("web1.example.test."), DClass.IN, 60, ip("2001:db8::7")));
        upstream.add(new ARecord(name("printer.example.test."), DClass.IN, 60, ip("198.51.100.9")));
        records.join("front", EndpointRecord.of(CLIENT, "client", ip("172.30.0.9")));
        records.join(
                "front",
                new EndpointRecord(
                        WEB1, "web1", Optional.empty(), Set.of(), List.of(ip("172.30.0.5"), ip("fd00:30::5"))));
        ResolvConf host = ResolvConf.parse(HOST_RESOLV_CONF);
        toClose.add(dns.attach(CLIENT, client, host.upstreams()));
        Path resolvConf = Files.writeString(files.resolve("resolv.conf"), host.forContainer());
        Path nsswitch = Files.writeString(files.resolve("nsswitch.conf"), "hosts: files dns\n");

        String hosts = getent(client, resolvConf, nsswitch, "hosts", "web1");
        String ipv4 = getent(client, resolvConf, nsswitch, "ahostsv4", "web1");
        String both = getent(client, resolvConf, nsswitch, "ahosts", "web1");
        String printer = getent(client, resolvConf, nsswitch, "ahostsv4", "printer");

        assertThat(firstFields(hosts)).containsExactly("fd00:30::5");
        assertThat(firstFields(ipv4)).containsOnly("172.30.0.5");
        // getaddrinfo asks AAAA only where the namespace has an IPv6 address beside loopback (AI_ADDRCONFIG).
        assertThat(firstFields(both)).contains("172.30.0.5").isSubsetOf("172.30.0.5", "fd00:30::5");
        assertThat(upstream.askedFor(name("web1.example.test."))).isZero();
        assertThat(firstFields(printer)).containsOnly("198.51.100.9");
        assertThat(upstream.askedFor(name("printer.example.test."))).isPositive();
    }

    /** {@code getent DATABASE KEY} in {@code namespace}, seeing {@code resolvConf} and {@code nsswitch} as /etc's. */
    private static String getent(
            NetworkNamespace namespace, Path resolvConf, Path nsswitch, String database, String key) throws Exception {
        String script = "mount --bind \"$1\" /etc/resolv.conf && mount --bind \"$2\" /etc/nsswitch.conf"
                + " && exec getent \"$3\" \"$4\"";
        return Commands.run(
                "ip",
                "netns",
                "exec",
                namespace.name().orElseThrow(),
                "unshare",
                "-m",
                "--propagation",
                "private",
                "sh",
                "-c",
                script,
                "getent-in-container",
                resolvConf.toString(),
                nsswitch.toString(),
                database,
                key);
    }

    private static List<String> firstFields(String getentOutput) {
        return getentOutput
                .lines()
                .map(line -> line.strip().split("\\s+", -1)[0])
                .toList();
    }

    private TestUpstream upstreamOn(NetworkNamespace namespace, String address) throws Exception {
        try (NetlinkHandle handle = NetlinkHandle.openIn(namespace)) {
            handle.linkSetUp("lo");
            handle.addrAdd("lo", IpPrefix.parse(address + "/32"));
        }
        TestUpstream upstream =
                namespace.callInside(() -> TestUpstream.start(TestUpstream.Mode.ANSWER, ip(address), 53));
        toClose.add(upstream);
        return upstream;
    }

    private static Name name(String text) {
        return Name.fromConstantString(text);
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
