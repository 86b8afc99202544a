package io.shoal.engine.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UntrackedShimsTest {
    private static final String SOCKET = "/var/lib/shoal/containerd/containerd.sock";

    private static Optional<String> shim(String... argv) {
        return UntrackedShims.shimOf(List.of(argv), "shoal", SOCKET);
    }

    @Test
    void aLongLivedShimOfTheNamespaceAndSocketIsOurs() {
        assertThat(shim("/usr/bin/containerd-shim-runc-v2", "-namespace", "shoal", "-id", "abc", "-address", SOCKET))
                .contains("abc");
    }

    @Test
    void anotherNamespaceOrContainerdIsNeverOurs() {
        assertThat(shim("/usr/bin/containerd-shim-runc-v2", "-namespace", "moby", "-id", "abc", "-address", SOCKET))
                .isEmpty();
        assertThat(shim(
                        "/usr/bin/containerd-shim-runc-v2",
                        "-namespace",
                        "shoal",
                        "-id",
                        "abc",
                        "-address",
                        "/run/containerd/containerd.sock"))
                .isEmpty();
        assertThat(shim("/usr/bin/containerd", "-namespace", "shoal", "-id", "abc", "-address", SOCKET))
                .isEmpty();
    }

    @Test
    void theShortStartAndDeleteActionsAreLeftAlone() {
        assertThat(shim(
                        "containerd-shim-runc-v2",
                        "-namespace",
                        "shoal",
                        "-address",
                        SOCKET,
                        "-publish-binary",
                        "/usr/bin/containerd",
                        "-id",
                        "abc",
                        "start"))
                .isEmpty();
        assertThat(shim("containerd-shim-runc-v2", "-namespace", "shoal", "-address", SOCKET, "-id", "abc", "delete"))
                .isEmpty();
    }
}
