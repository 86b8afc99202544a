package io.shoal.engine.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.sandbox.SandboxHost;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.AddressFlag;
import io.shoal.netlink.IpFamily;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.Route;
import io.shoal.netlink.SharedNamespaces;
import io.shoal.netlink.testing.NamespaceLeaks;
import io.shoal.netlink.testing.TestNamespaces;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox host against the real kernel. Its namespaces are named like every test namespace of this JVM
 * ({@code shoaltest-PID-<id>}), so the leak check finds any left behind; each test deletes what it made.
 */
@Tag("netns")
class NetlinkSandboxHostNetnsTest {
    private static final String PREFIX =
            TestNamespaces.PREFIX + ProcessHandle.current().pid() + "-";

    @TempDir
    Path markers;

    private final List<String> made = new ArrayList<>();
    private NetlinkSandboxHost host;

    private String newSandbox() {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        String id = HexFormat.of().formatHex(random);
        made.add(id);
        return id;
    }

    private NetlinkSandboxHost host() {
        if (host == null) {
            host = new NetlinkSandboxHost(PREFIX, markers, markers.resolve("resolv.conf"));
        }
        return host;
    }

    @AfterEach
    void deleteWhatWasMade() throws Exception {
        for (String id : made) {
            NetworkNamespace.deleteIfExists(PREFIX + id);
        }
    }

    @AfterAll
    static void nothingLeft() {
        NamespaceLeaks.assertNoneFromThisJvm("after NetlinkSandboxHostNetnsTest");
    }

    @Test
    void createsANamedNamespaceWithLoopbackUpIdempotentlyAndDeletesIt() throws Exception {
        String id = newSandbox();
        Path path = host().createNamespace(id);

        assertThat(path).isEqualTo(NetworkNamespace.RUN_DIRECTORY.resolve(PREFIX + id));
        assertThat(markers.resolve(PREFIX + id)).exists();
        try (NetworkNamespace first = NetworkNamespace.openByPath(path);
                NetlinkHandle handle = NetlinkHandle.openIn(first)) {
            assertThat(handle.linkGet("lo").isUp()).isTrue();
            // Again, as after a crash: the same namespace, not a new one.
            assertThat(host().createNamespace(id)).isEqualTo(path);
            try (NetworkNamespace second = NetworkNamespace.openByPath(path)) {
                assertThat(second).isEqualTo(first);
            }
        }

        host().deleteNamespace(id);
        assertThat(NetworkNamespace.exists(PREFIX + id)).isFalse();
        assertThat(markers.resolve(PREFIX + id)).doesNotExist();
        host().deleteNamespace(id); // already gone: nothing happens
    }

    @Test
    void aHeldNamespaceIsSharedWithLeasesUntilItsHoldAndTheirsAreClosed() throws Exception {
        String id = newSandbox();
        NetlinkHandle kept;
        Path path;
        try (SandboxHost.HeldNamespace held = host().createHeldNamespace(id)) {
            path = held.path();
            assertThat(path).isEqualTo(NetworkNamespace.RUN_DIRECTORY.resolve(PREFIX + id));
            try (SharedNamespaces.Lease lease = SharedNamespaces.lease(path)) {
                kept = lease.netlink();
                assertThat(kept.linkGet("lo").isUp()).isTrue();
            }
            // The lease above was not the last: the hold keeps the namespace's socket open for the next user.
            try (SharedNamespaces.Lease again = SharedNamespaces.lease(path)) {
                assertThat(again.netlink()).isSameAs(kept);
            }
            host().setDefaultRoutes(
                            path,
                            new SandboxHost.DefaultRoute(Optional.empty(), ""),
                            new SandboxHost.DefaultRoute(Optional.empty(), ""));
            held.close();
            held.close(); // idempotent
        }
        try (SharedNamespaces.Lease fresh = SharedNamespaces.lease(path)) {
            assertThat(fresh.netlink()).isNotSameAs(kept);
            assertThat(fresh.netlink().linkGet("lo").isUp()).isTrue();
        }
        host().deleteNamespace(id);
        assertThat(NetworkNamespace.exists(PREFIX + id)).isFalse();
    }

    @Test
    void refusesAnIdThatIsNotHex() {
        assertThatThrownBy(() -> host().createNamespace("../etc"))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }

    @Test
    void setsReplacesAndRemovesTheDefaultRouteOfEachFamily() throws Exception {
        String id = newSandbox();
        Path path = host().createNamespace(id);
        int eth0;
        try (NetworkNamespace sandbox = NetworkNamespace.openByPath(path);
                NetlinkHandle handle = NetlinkHandle.openIn(sandbox)) {
            handle.linkAdd(LinkSpec.Veth.named("eth0", "peer0"));
            handle.linkSetUp("peer0");
            handle.linkSetUp("eth0");
            eth0 = handle.linkIndex("eth0");
            handle.addrAdd(eth0, IpPrefix.parse("10.9.0.2/24"));
            handle.addrAdd(eth0, IpPrefix.parse("fd09::2/64"), AddressFlag.NODAD);
            // One left by someone else at another metric, which a replace alone would keep.
            handle.routeAdd(Route.defaultVia(ip("fd09::99")).dev(eth0).withMetric(2048));

            host().setDefaultRoute(path, false, Optional.of(ip("10.9.0.1")), "eth0");
            host().setDefaultRoute(path, true, Optional.of(ip("fd09::1")), "eth0");
            assertThat(defaults(handle, IpFamily.IPV4)).containsExactly("10.9.0.1 #" + eth0);
            assertThat(defaults(handle, IpFamily.IPV6)).containsExactly("fd09::1 #" + eth0);

            host().setDefaultRoute(path, false, Optional.of(ip("10.9.0.254")), "eth0");
            assertThat(defaults(handle, IpFamily.IPV4)).containsExactly("10.9.0.254 #" + eth0);
            assertThat(defaults(handle, IpFamily.IPV6)).containsExactly("fd09::1 #" + eth0);

            host().setDefaultRoute(path, false, Optional.empty(), "eth0");
            assertThat(defaults(handle, IpFamily.IPV4)).isEmpty();
            assertThat(defaults(handle, IpFamily.IPV6)).containsExactly("fd09::1 #" + eth0);
            host().setDefaultRoute(path, true, Optional.empty(), "eth0");
            host().setDefaultRoute(path, true, Optional.empty(), "eth0"); // none left: nothing happens
            assertThat(defaults(handle, IpFamily.IPV6)).isEmpty();
        } finally {
            host().deleteNamespace(id);
        }
    }

    @Test
    void setsBothFamiliesInOneCall() throws Exception {
        String id = newSandbox();
        Path path = host().createNamespace(id);
        try (NetworkNamespace sandbox = NetworkNamespace.openByPath(path);
                NetlinkHandle handle = NetlinkHandle.openIn(sandbox)) {
            handle.linkAdd(LinkSpec.Veth.named("eth0", "peer0"));
            handle.linkSetUp("peer0");
            handle.linkSetUp("eth0");
            int eth0 = handle.linkIndex("eth0");
            handle.addrAdd(eth0, IpPrefix.parse("10.9.0.2/24"));
            handle.addrAdd(eth0, IpPrefix.parse("fd09::2/64"), AddressFlag.NODAD);
            handle.routeAdd(Route.defaultVia(ip("fd09::99")).dev(eth0).withMetric(2048));

            host().setDefaultRoutes(
                            path,
                            new SandboxHost.DefaultRoute(Optional.of(ip("10.9.0.1")), "eth0"),
                            new SandboxHost.DefaultRoute(Optional.of(ip("fd09::1")), "eth0"));
            assertThat(defaults(handle, IpFamily.IPV4)).containsExactly("10.9.0.1 #" + eth0);
            assertThat(defaults(handle, IpFamily.IPV6)).containsExactly("fd09::1 #" + eth0);

            host().setDefaultRoutes(
                            path,
                            new SandboxHost.DefaultRoute(Optional.empty(), ""),
                            new SandboxHost.DefaultRoute(Optional.of(ip("fd09::254")), "eth0"));
            assertThat(defaults(handle, IpFamily.IPV4)).isEmpty();
            assertThat(defaults(handle, IpFamily.IPV6)).containsExactly("fd09::254 #" + eth0);

            assertThatThrownBy(() -> host().setDefaultRoutes(
                                    path,
                                    new SandboxHost.DefaultRoute(Optional.of(ip("fd09::1")), "eth0"),
                                    new SandboxHost.DefaultRoute(Optional.empty(), "")))
                    .isInstanceOfSatisfying(
                            EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        } finally {
            host().deleteNamespace(id);
        }
    }

    @Test
    void aGatewayOfTheOtherFamilyOrAMissingInterfaceIsRefused() throws Exception {
        String id = newSandbox();
        Path path = host().createNamespace(id);
        try {
            assertThatThrownBy(() -> host().setDefaultRoute(path, true, Optional.of(ip("10.0.0.1")), "eth0"))
                    .isInstanceOfSatisfying(
                            EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
            assertThatThrownBy(() -> host().setDefaultRoute(path, false, Optional.of(ip("10.0.0.1")), "eth9"))
                    .isInstanceOfSatisfying(
                            EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                    .hasMessageContaining("eth9")
                    .hasMessageContaining(path.toString());
        } finally {
            host().deleteNamespace(id);
        }
    }

    @Test
    void aStaleFileOfTheNameIsReplacedByAFreshNamespace() throws Exception {
        String id = newSandbox();
        Files.createDirectories(NetworkNamespace.RUN_DIRECTORY);
        Files.createFile(NetworkNamespace.RUN_DIRECTORY.resolve(PREFIX + id)); // a file without its bind mount
        Path path = host().createNamespace(id);
        try (NetworkNamespace sandbox = NetworkNamespace.openByPath(path)) {
            assertThat(sandbox.name()).contains(PREFIX + id);
        } finally {
            host().deleteNamespace(id);
        }
    }

    private static List<String> defaults(NetlinkHandle handle, IpFamily family) throws Exception {
        return handle.routeList(family).stream()
                .filter(Route::isDefault)
                .map(r -> IpAddresses.format(r.gateway().orElseThrow()) + " #"
                        + r.outputIndex().orElseThrow())
                .toList();
    }

    private static InetAddress ip(String text) {
        return IpAddresses.parse(text);
    }
}
