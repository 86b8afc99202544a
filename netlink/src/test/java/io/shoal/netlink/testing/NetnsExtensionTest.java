package io.shoal.netlink.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.netlink.NetworkNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("netns")
@ExtendWith(NetnsExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetnsExtensionTest {
    private static final List<String> NAMES_SEEN = new ArrayList<>();
    private NetworkNamespace fromBeforeEach;

    @BeforeEach
    void remember(@Netns("main") NetworkNamespace main) {
        fromBeforeEach = main;
    }

    @Test
    @Order(1)
    void injectsDistinctFreshNamespacesWithLoopbackUp(
            @Netns("main") NetworkNamespace main, NetworkNamespace first, NetworkNamespace second) throws Exception {
        assertThat(main).isSameAs(fromBeforeEach);
        assertThat(List.of(main, first, second)).doesNotHaveDuplicates();
        for (NetworkNamespace namespace : List.of(main, first, second)) {
            String name = namespace.name().orElseThrow();
            assertThat(name).startsWith(TestNamespaces.PREFIX);
            assertThat(TestNamespaces.isOwnedByThisJvm(name)).isTrue();
            assertThat(Commands.run("ip", "-n", name, "-o", "link", "show", "lo"))
                    .contains(",UP");
            NAMES_SEEN.add(name);
        }
    }

    @Test
    @Order(2)
    void theNamespacesOfTheEarlierTestAreGone(NetworkNamespace namespace) throws Exception {
        assertThat(NAMES_SEEN).hasSize(3).doesNotContain(namespace.name().orElseThrow());
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        for (String name : NAMES_SEEN) {
            assertThat(NetworkNamespace.exists(name)).as(name).isFalse();
            assertThat(mounts).doesNotContain(name);
        }
    }

    @AfterAll
    static void nothingOfThisJvmIsLeftButTheClassLevelCheckRunsLater() throws Exception {
        assertThat(NetworkNamespace.names()).noneMatch(n -> NAMES_SEEN.contains(n));
    }

    @Test
    void theLeakCheckSeesALeftoverOfThisJvmAndNotAnotherLiveJvms() throws Exception {
        String ours = TestNamespaces.newName();
        String otherLiveJvm = TestNamespaces.PREFIX
                + ProcessHandle.current().parent().orElseThrow().pid() + "-abcdef";
        NetworkNamespace.create(ours).close();
        NetworkNamespace.create(otherLiveJvm).close();
        try {
            assertThat(NamespaceLeaks.fromThisJvm())
                    .anyMatch(l -> l.equals("namespace file /run/netns/" + ours))
                    .anyMatch(l -> l.equals("mount /run/netns/" + ours))
                    .noneMatch(l -> l.contains(otherLiveJvm));
            assertThat(NamespaceLeaks.fromHere()).noneMatch(l -> l.contains(otherLiveJvm));
        } finally {
            NetworkNamespace.delete(ours);
            NetworkNamespace.delete(otherLiveJvm);
        }
        assertThat(NamespaceLeaks.fromThisJvm()).noneMatch(l -> l.contains(ours));
    }

    @Test
    void deadJvmsLeftoversCountAsLeaks() {
        assertThat(TestNamespaces.isLeakedFromHere(TestNamespaces.PREFIX + Integer.MAX_VALUE + "-abcdef"))
                .isTrue();
        assertThat(TestNamespaces.isDeletableLeftover(TestNamespaces.PREFIX + Integer.MAX_VALUE + "-abcdef"))
                .isTrue();
        assertThat(TestNamespaces.isLeakedFromHere(TestNamespaces.PREFIX + "handmade"))
                .isEqualTo(System.getenv("CI") != null);
        assertThat(TestNamespaces.isDeletableLeftover(TestNamespaces.PREFIX + "handmade"))
                .isFalse();
        assertThat(TestNamespaces.isLeakedFromHere("someone-elses")).isFalse();
    }
}
