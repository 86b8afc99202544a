package io.shoal.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.netlink.testing.Commands;
import io.shoal.netlink.testing.NamespaceLeaks;
import io.shoal.netlink.testing.NetnsExtension;
import io.shoal.netlink.testing.TestNamespaces;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("netns")
@ExtendWith(NetnsExtension.class)
class NetworkNamespaceTest {
    @Test
    void createMakesANamespaceThatIproute2SeesAndDeleteRemovesIt() throws Exception {
        String name = TestNamespaces.newName();
        NamespaceId id;
        try (NetworkNamespace created = NetworkNamespace.create(name)) {
            id = created.id();
            assertThat(created.name()).contains(name);
            assertThat(created.path()).isEqualTo(Path.of("/run/netns", name));
            assertThat(Commands.run("ip", "netns", "list")).contains(name);
            String inode = Commands.run("ip", "netns", "exec", name, "readlink", "/proc/self/ns/net")
                    .strip();
            assertThat(inode).isEqualTo(id.toString());
            assertThat(Commands.run("ip", "-n", name, "-o", "link", "show")).contains("lo:");
        } finally {
            NetworkNamespace.delete(name);
        }
        assertThat(NetworkNamespace.exists(name)).isFalse();
        assertThat(Commands.run("ip", "netns", "list")).doesNotContain(name);
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(name);
        assertThat(NamespaceLeaks.fromThisJvm()).isEmpty();
    }

    @Test
    void createRefusesAnExistingName(NetworkNamespace existing) {
        String name = existing.name().orElseThrow();
        assertThatThrownBy(() -> NetworkNamespace.create(name))
                .isInstanceOf(ObjectExistsException.class)
                .hasMessage("create network namespace /run/netns/" + name + ": EEXIST (File exists)");
    }

    @Test
    void deleteOfAMissingNameFailsAndDeleteIfExistsSaysSo() throws Exception {
        String name = TestNamespaces.newName();
        assertThatThrownBy(() -> NetworkNamespace.delete(name))
                .isInstanceOf(NoSuchObjectException.class)
                .hasMessage("delete network namespace /run/netns/" + name + ": ENOENT (No such file or directory)");
        assertThat(NetworkNamespace.deleteIfExists(name)).isFalse();
    }

    @Test
    void openByNameAndByPathGiveEqualInstancesOfTheSameNamespace(NetworkNamespace namespace) throws Exception {
        String name = namespace.name().orElseThrow();
        try (NetworkNamespace byName = NetworkNamespace.openByName(name);
                NetworkNamespace byPath = NetworkNamespace.openByPath(Path.of("/run/netns", name))) {
            assertThat(byName).isEqualTo(namespace).hasSameHashCodeAs(namespace);
            assertThat(byPath).isEqualTo(namespace);
            assertThat(byPath.name()).contains(name);
            assertThat(byName.fd()).isNotEqualTo(namespace.fd());
            assertThat(byName.id()).isEqualTo(namespace.id());
        }
    }

    @Test
    void distinctNamespacesAreNotEqual(NetworkNamespace first, NetworkNamespace second) throws Exception {
        try (NetworkNamespace current = NetworkNamespace.current()) {
            assertThat(first).isNotEqualTo(second).isNotEqualTo(current);
            assertThat(current.id()).isEqualTo(NetworkNamespace.currentId());
        }
    }

    @Test
    void openByPidOpensTheProcessNamespace() throws Exception {
        try (NetworkNamespace own =
                NetworkNamespace.openByPid(ProcessHandle.current().pid())) {
            String link = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
            assertThat(own.id().toString()).isEqualTo(link);
        }
    }

    @Test
    void openRefusesFilesThatAreNotNetworkNamespaces() {
        assertThatThrownBy(() -> NetworkNamespace.openByPath(Path.of("/proc/self/ns/uts")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("a namespace of another type");
        assertThatThrownBy(() -> NetworkNamespace.openByPath(Path.of("/etc/hostname")))
                .isInstanceOf(KernelException.class)
                .hasMessageContaining("ENOTTY");
        assertThatThrownBy(() -> NetworkNamespace.openByName(TestNamespaces.newName()))
                .isInstanceOf(NoSuchObjectException.class)
                .hasMessageContaining("open /run/netns/");
    }

    @Test
    void invalidNamesAreRefusedBeforeAnyCall() {
        for (String bad : new String[] {"", ".", "..", "a/b", "x".repeat(256), "nul\0"}) {
            assertThatThrownBy(() -> NetworkNamespace.create(bad))
                    .as("name %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void callInsideRunsInTheNamespaceAndTheCallerStaysWhereItWas(NetworkNamespace namespace) throws Exception {
        NamespaceId before = NetworkNamespace.currentId();
        Thread caller = Thread.currentThread();
        AtomicReference<Thread> worker = new AtomicReference<>();
        NamespaceId inside = namespace.callInside(() -> {
            worker.set(Thread.currentThread());
            return NetworkNamespace.currentId();
        });
        assertThat(inside).isEqualTo(namespace.id());
        assertThat(NetworkNamespace.currentId()).isEqualTo(before);
        assertThat(worker.get()).isNotSameAs(caller);
        assertThat(worker.get().getName()).contains(namespace.name().orElseThrow());
    }

    @Test
    void anExceptionFromTheWorkReachesTheCallerTypedAndTheNextWorkStillRunsInside(NetworkNamespace namespace)
            throws Exception {
        NamespaceId before = NetworkNamespace.currentId();
        assertThatThrownBy(() -> namespace.runInside(() -> {
                    throw new IOException("work failed inside");
                }))
                .isInstanceOf(IOException.class)
                .hasMessage("work failed inside");
        assertThatThrownBy(() -> namespace.runInside(() -> {
                    throw new IllegalStateException("unchecked");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(NetworkNamespace.currentId()).isEqualTo(before);
        assertThat(namespace.callInside(NetworkNamespace::currentId)).isEqualTo(namespace.id());
    }

    @Test
    void workThatMovesItsThreadElsewhereDoesNotLeakIntoTheNextWork(NetworkNamespace namespace, NetworkNamespace other)
            throws Exception {
        // The misbehaving work enters another namespace and stays there; the thread re-enters its own afterwards.
        NamespaceId whereTheWorkWent = namespace.callInside(() -> {
            io.shoal.netlink.internal.ffi.NamespaceCalls.setns(
                    other.fd(), io.shoal.netlink.internal.ffi.NamespaceCalls.CLONE_NEWNET, "other");
            return NetworkNamespace.currentId();
        });
        assertThat(whereTheWorkWent).isEqualTo(other.id());
        assertThat(namespace.callInside(NetworkNamespace::currentId)).isEqualTo(namespace.id());
    }

    @Test
    void workMayCallBackIntoItsOwnNamespace(NetworkNamespace namespace) throws Exception {
        NamespaceId nested = namespace.callInside(() -> namespace.callInside(NetworkNamespace::currentId));
        assertThat(nested).isEqualTo(namespace.id());
    }

    @Test
    void aDatagramSocketOpenedInsideStaysInside(NetworkNamespace namespace) throws Exception {
        try (DatagramSocket inside = namespace.callInside(
                        () -> new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
                // The same address and port are free out here: the inside socket is not in this namespace.
                DatagramSocket outside = new DatagramSocket(inside.getLocalSocketAddress());
                DatagramSocket insideSender = namespace.callInside(() -> new DatagramSocket(0))) {
            byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
            // Sent from this (caller) thread, long after the work returned: still the namespace's loopback.
            insideSender.send(new DatagramPacket(hello, hello.length, inside.getLocalSocketAddress()));
            DatagramPacket received = new DatagramPacket(new byte[16], 16);
            inside.setSoTimeout(5_000);
            inside.receive(received);
            assertThat(new String(received.getData(), 0, received.getLength(), StandardCharsets.US_ASCII))
                    .isEqualTo("hello");
            outside.setSoTimeout(200);
            assertThatThrownBy(() -> outside.receive(new DatagramPacket(new byte[16], 16)))
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void aNetlinkHandleOpenedInsideChangesOnlyThatNamespace(NetworkNamespace namespace) throws Exception {
        String link = TestNamespaces.linkName();
        try (NetlinkHandle handle = NetlinkHandle.openIn(namespace)) {
            handle.linkAdd(LinkSpec.Bridge.named(link));
        }
        String name = namespace.name().orElseThrow();
        assertThat(Commands.run("ip", "-n", name, "-o", "link", "show")).contains(link);
        assertThat(Files.readString(Path.of("/proc/thread-self/net/dev"))).doesNotContain(link);
    }

    @Test
    void anAnonymousNamespaceHasNoNameAndItsOwnIdentity() throws Exception {
        try (NetworkNamespace anonymous = NetworkNamespace.createAnonymous()) {
            assertThat(anonymous.name()).isEmpty();
            assertThat(anonymous.id()).isNotEqualTo(NetworkNamespace.currentId());
            assertThat(anonymous.callInside(NetworkNamespace::currentId)).isEqualTo(anonymous.id());
            assertThat(anonymous.path().toString())
                    .isEqualTo("/proc/" + ProcessHandle.current().pid() + "/fd/" + anonymous.fd());
            assertThat(NetworkNamespace.names())
                    .noneMatch(n -> n.contains(Long.toString(anonymous.id().inode())));
        }
    }

    @Test
    void closeEndsTheThreadAndRefusesFurtherUse() throws Exception {
        NetworkNamespace anonymous = NetworkNamespace.createAnonymous();
        Thread worker = anonymous.callInside(Thread::currentThread);
        assertThat(worker.isAlive()).isTrue();
        anonymous.close();
        worker.join(5_000);
        assertThat(worker.isAlive()).isFalse();
        anonymous.close(); // idempotent
        assertThatThrownBy(anonymous::fd).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> anonymous.callInside(() -> 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingFromWorkInsideIsRefused(NetworkNamespace namespace) {
        assertThatThrownBy(() -> namespace.runInside(namespace::close)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void namesListsTheNamedNamespaces(NetworkNamespace namespace) throws Exception {
        assertThat(NetworkNamespace.names()).contains(namespace.name().orElseThrow());
        assertThat(NetworkNamespace.exists(namespace.name().orElseThrow())).isTrue();
    }
}
