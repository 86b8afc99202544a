package io.shoal.netlink.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.netlink.NetworkNamespace;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("netns")
@ExtendWith(NetnsExtension.class)
class KernelFeaturesTest {
    @Test
    void kindsEveryContainerHostHasProbeEmpty() {
        assertThat(KernelFeatures.probeLinkKind("bridge")).isEmpty();
        assertThat(KernelFeatures.probeLinkKind("veth")).isEmpty();
    }

    @Test
    void anUnknownKindProbesWithTheKernelsReason() {
        assertThat(KernelFeatures.probeLinkKind("nosuchkind")).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("RTM_NEWLINK nosuchkind probe0: ")
                .contains("Unknown device type"));
    }

    /** iproute2 is the oracle: the probe must say yes exactly where {@code ip link add} succeeds. */
    @ParameterizedTest
    @ValueSource(strings = {"dummy", "bridge", "macvlan", "vlan", "ipvlan", "vxlan"})
    void theProbeAgreesWithIproute2(String kind, NetworkNamespace scratch) throws Exception {
        String name = scratch.name().orElseThrow();
        Commands.run("ip", "-n", name, "link", "add", "parent0", "type", "veth", "peer", "name", "parent1");
        List<String> command =
                switch (kind) {
                    case "macvlan", "ipvlan" -> List.of("link", "parent0", "name", "probe", "type", kind);
                    case "vlan" -> List.of("link", "parent0", "name", "probe", "type", "vlan", "id", "10");
                    case "vxlan" -> List.of("name", "probe", "type", "vxlan", "id", "10", "dstport", "4789");
                    default -> List.of("name", "probe", "type", kind);
                };
        boolean ipCan;
        try {
            Commands.run(concat(List.of("ip", "-n", name, "link", "add"), command));
            ipCan = true;
        } catch (IOException e) {
            ipCan = false;
        }
        assertThat(KernelFeatures.probeLinkKind(kind).isEmpty())
                .as("probe of %s: %s", kind, KernelFeatures.probeLinkKind(kind))
                .isEqualTo(ipCan);
    }

    private static String[] concat(List<String> head, List<String> tail) {
        return java.util.stream.Stream.concat(head.stream(), tail.stream()).toArray(String[]::new);
    }
}
