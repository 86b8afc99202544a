package io.shoal.driver.support.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.net.IpPrefix;
import io.shoal.netlink.IpFamily;
import io.shoal.netlink.Link;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.testing.Netns;
import io.shoal.netlink.testing.NetnsExtension;
import io.shoal.spi.DeferredTeardown;
import io.shoal.spi.DriverException;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.DriverStore;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.EndpointInfo;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.SandboxRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every network driver must do, on the real kernel: each driver's test extends this and says how to make the
 * driver and a valid network. Namespaces stand in for the host (where the driver keeps its links) and for
 * containers.
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
public abstract class NetworkDriverContract {
    protected static final String NETWORK_ID = "c0ffee0000000000000000000000000000000000000000000000000000000001";

    /** Makes the driver with {@code host} as its host namespace (making any parent link it needs there first). */
    protected abstract NetworkDriver newDriver(NetworkNamespace host, DriverStore store) throws Exception;

    /** A valid network with subnet 10.77.0.0/24 (gateway 10.77.0.1) and, where supported, fd77::/64. */
    protected abstract NetworkConfig network(String id, String name, DriverOptions options);

    /** Waits for a driver that tears down in the background to finish. */
    protected static void settle(NetworkDriver driver) {
        if (driver instanceof DeferredTeardown deferred) {
            deferred.awaitTeardown(Duration.ofSeconds(10));
        }
    }

    protected static IpPrefix v4(int host) {
        return IpPrefix.parse("10.77.0." + host + "/24");
    }

    protected static String endpointId(int n) {
        return String.format("e%063d", n);
    }

    protected EndpointInfo endpoint(NetworkDriver driver, int host) {
        return driver.createEndpoint(new EndpointConfig(
                NETWORK_ID,
                endpointId(host),
                Optional.of(v4(host)),
                Optional.empty(),
                Optional.empty(),
                DriverOptions.empty()));
    }

    protected static JoinRequest joinRequest(int host, NetworkNamespace sandbox) {
        return new JoinRequest(NETWORK_ID, endpointId(host), new SandboxRef("c" + host, sandbox.path()), "eth0", true);
    }

    @Test
    void joinMakesTheInterfaceAndLeaveRemovesIt(@Netns("host") NetworkNamespace host, NetworkNamespace sandbox)
            throws Exception {
        NetworkDriver driver = newDriver(host, new MapDriverStore());
        driver.createNetwork(network(NETWORK_ID, "web", DriverOptions.empty()));
        EndpointInfo info = endpoint(driver, 2);
        driver.join(joinRequest(2, sandbox));

        try (NetlinkHandle inside = NetlinkHandle.openIn(sandbox)) {
            Link eth0 = inside.linkGet("eth0");
            assertThat(eth0.isUp()).isTrue();
            assertThat(eth0.mac()).contains(info.mac());
            assertThat(addresses(inside, "eth0")).contains("10.77.0.2/24");
            driver.leave(NETWORK_ID, endpointId(2));
            assertThat(inside.linkFind("eth0")).isEmpty();
        }
        driver.deleteEndpoint(NETWORK_ID, endpointId(2));
        driver.deleteNetwork(NETWORK_ID);
    }

    @Test
    void twoSandboxesReachEachOther(@Netns("host") NetworkNamespace host, NetworkNamespace a, NetworkNamespace b)
            throws Exception {
        NetworkDriver driver = newDriver(host, new MapDriverStore());
        driver.createNetwork(network(NETWORK_ID, "web", DriverOptions.empty()));
        endpoint(driver, 2);
        endpoint(driver, 3);
        driver.join(joinRequest(2, a));
        driver.join(joinRequest(3, b));
        try (Traffic.WhoAmIServer server = new Traffic.WhoAmIServer(b, v4(3).address(), 7000);
                Traffic.UdpEcho echo = new Traffic.UdpEcho(b, v4(3).address(), 7001)) {
            assertThat(Traffic.tcpAsk(a, v4(3).address(), 7000)).contains("10.77.0.2");
            assertThat(Traffic.udpEchoes(a, v4(3).address(), 7001)).isTrue();
        }
        for (int n : new int[] {2, 3}) {
            driver.leave(NETWORK_ID, endpointId(n));
            driver.deleteEndpoint(NETWORK_ID, endpointId(n));
        }
        driver.deleteNetwork(NETWORK_ID);
    }

    @Test
    void deletingTheNetworkLeavesTheHostAsItWas(@Netns("host") NetworkNamespace host, NetworkNamespace sandbox)
            throws Exception {
        NetworkDriver driver = newDriver(host, new MapDriverStore());
        HostSnapshot before = HostSnapshot.of(host);
        driver.createNetwork(network(NETWORK_ID, "web", DriverOptions.empty()));
        endpoint(driver, 2);
        driver.join(joinRequest(2, sandbox));
        driver.leave(NETWORK_ID, endpointId(2));
        driver.deleteEndpoint(NETWORK_ID, endpointId(2));
        driver.deleteNetwork(NETWORK_ID);
        settle(driver);
        assertThat(HostSnapshot.of(host)).isEqualTo(before);
    }

    @Test
    void joiningAMissingSandboxFailsAndLeavesNothing(@Netns("host") NetworkNamespace host) throws Exception {
        NetworkDriver driver = newDriver(host, new MapDriverStore());
        driver.createNetwork(network(NETWORK_ID, "web", DriverOptions.empty()));
        endpoint(driver, 2);
        HostSnapshot before = HostSnapshot.of(host);
        JoinRequest nowhere = new JoinRequest(
                NETWORK_ID, endpointId(2), new SandboxRef("c2", Path.of("/run/netns/shoaltest-absent")), "eth0", true);
        assertThatThrownBy(() -> driver.join(nowhere))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("shoaltest-absent")
                .extracting(e -> ((DriverException) e).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(HostSnapshot.of(host)).isEqualTo(before);
        driver.deleteEndpoint(NETWORK_ID, endpointId(2));
        driver.deleteNetwork(NETWORK_ID);
    }

    @Test
    void misuseGetsTypedErrors(@Netns("host") NetworkNamespace host, NetworkNamespace sandbox) throws Exception {
        NetworkDriver driver = newDriver(host, new MapDriverStore());
        assertKind(() -> driver.deleteNetwork(NETWORK_ID), ErrorKind.NOT_FOUND);
        driver.createNetwork(network(NETWORK_ID, "web", DriverOptions.empty()));
        assertKind(() -> driver.createNetwork(network(NETWORK_ID, "web", DriverOptions.empty())), ErrorKind.CONFLICT);
        endpoint(driver, 2);
        assertKind(() -> endpoint(driver, 2), ErrorKind.CONFLICT);
        driver.join(joinRequest(2, sandbox));
        assertKind(() -> driver.join(joinRequest(2, sandbox)), ErrorKind.CONFLICT);
        assertKind(() -> driver.deleteNetwork(NETWORK_ID), ErrorKind.FORBIDDEN);
        driver.leave(NETWORK_ID, endpointId(2));
        driver.deleteEndpoint(NETWORK_ID, endpointId(2));
        driver.deleteNetwork(NETWORK_ID);
    }

    protected static void assertKind(Runnable call, ErrorKind kind) {
        assertThatThrownBy(call::run)
                .isInstanceOf(DriverException.class)
                .extracting(e -> ((DriverException) e).kind())
                .isEqualTo(kind);
    }

    protected static List<String> addresses(NetlinkHandle handle, String link) throws Exception {
        return handle.addrList(link, IpFamily.ANY).stream()
                .map(a -> a.address().toString())
                .toList();
    }

    /** The links and addresses of a namespace, for before/after comparisons. */
    public record HostSnapshot(Set<String> links, Set<String> addresses) {
        public static HostSnapshot of(NetworkNamespace namespace) throws Exception {
            try (NetlinkHandle handle = NetlinkHandle.openIn(namespace)) {
                Set<String> links = handle.linkList().stream()
                        .map(l -> l.name() + " " + l.kind().orElse("-") + (l.isUp() ? " up" : " down"))
                        .collect(Collectors.toCollection(TreeSet::new));
                Set<String> addresses = handle.addrList(IpFamily.ANY).stream()
                        .map(a -> a.linkIndex() + " " + a.address())
                        .collect(Collectors.toCollection(TreeSet::new));
                return new HostSnapshot(links, addresses);
            }
        }
    }
}
