package io.shoal.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.netlink.testing.NetnsExtension;
import io.shoal.netlink.testing.TestNamespaces;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("netns")
@ExtendWith(NetnsExtension.class)
class SharedNamespacesTest {
    @Test
    void leasesOfOnePathShareOneInstanceUntilTheLastIsClosed(NetworkNamespace existing) throws Exception {
        Path path = existing.path();
        int before = SharedNamespaces.openCount();
        SharedNamespaces.Lease first = SharedNamespaces.lease(path);
        SharedNamespaces.Lease second = SharedNamespaces.lease(path);
        assertThat(second.namespace()).isSameAs(first.namespace());
        assertThat(first.namespace().id()).isEqualTo(existing.id());

        first.close();
        first.close(); // idempotent: must not take the second's count
        assertThat(second.namespace().callInside(NetworkNamespace::currentId)).isEqualTo(existing.id());
        assertThat(SharedNamespaces.openCount()).isEqualTo(before + 1);

        second.close();
        assertThat(SharedNamespaces.openCount()).isEqualTo(before);
        assertThatThrownBy(second::namespace).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> first.namespace().fd()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNamespaceMadeAgainUnderTheSamePathGetsAFreshInstance() throws Exception {
        String name = TestNamespaces.newName();
        Path path = NetworkNamespace.RUN_DIRECTORY.resolve(name);
        NetworkNamespace.create(name).close();
        try (SharedNamespaces.Lease old = SharedNamespaces.lease(path)) {
            NamespaceId oldId = old.namespace().id();
            NetworkNamespace.delete(name);
            NetworkNamespace.create(name).close();
            try (SharedNamespaces.Lease fresh = SharedNamespaces.lease(path)) {
                assertThat(fresh.namespace().id()).isNotEqualTo(oldId);
                assertThat(fresh.namespace().callInside(NetworkNamespace::currentId))
                        .isEqualTo(fresh.namespace().id());
                // The old instance still serves its holder.
                assertThat(old.namespace().callInside(NetworkNamespace::currentId))
                        .isEqualTo(oldId);
            }
        } finally {
            NetworkNamespace.deleteIfExists(name);
        }
    }

    @Test
    void theKeptHandleWorksInTheNamespaceFromAnyThreadAndClosesWithTheLastLease(NetworkNamespace existing)
            throws Exception {
        Path path = existing.path();
        SharedNamespaces.Lease first = SharedNamespaces.lease(path);
        SharedNamespaces.Lease second = SharedNamespaces.lease(path);
        NetlinkHandle kept = first.netlink();
        assertThat(second.netlink()).isSameAs(kept);

        // Used from this thread, which stays in the test's namespace, the handle acts in the leased one.
        kept.linkAdd(LinkSpec.Bridge.named("kept0"));
        assertThat(existing.callInside(() -> {
                    try (NetlinkHandle inside = NetlinkHandle.open()) {
                        return inside.linkFind("kept0").isPresent();
                    }
                }))
                .isTrue();
        try (NetlinkHandle here = NetlinkHandle.open()) {
            assertThat(here.linkFind("kept0")).isEmpty();
        }

        first.close();
        assertThat(kept.linkFind("kept0")).isPresent(); // still the second's
        second.close();
        assertThatThrownBy(() -> kept.linkFind("kept0")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(second::netlink).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMissingPathIsNoSuchObjectOrEmpty() throws Exception {
        Path path = NetworkNamespace.RUN_DIRECTORY.resolve(TestNamespaces.newName());
        assertThatThrownBy(() -> SharedNamespaces.lease(path)).isInstanceOf(NoSuchObjectException.class);
        assertThat(SharedNamespaces.leaseIfPresent(path)).isEmpty();
    }
}
