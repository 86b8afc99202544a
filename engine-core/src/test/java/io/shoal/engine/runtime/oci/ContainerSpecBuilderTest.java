package io.shoal.engine.runtime.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.engine.runtime.Rootfs;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ContainerSpecBuilderTest {
    private static final Rootfs OVERLAY =
            new Rootfs.Overlay(List.of(Path.of("/images/busybox")), Path.of("/c/web/upper"), Path.of("/c/web/work"));

    private static OciSpec web() {
        return ContainerSpecBuilder.forContainer("web", OVERLAY)
                .args(List.of("httpd", "-f"))
                .env(List.of("A=1"))
                .hostname("web-host")
                .networkNamespace(Path.of("/run/netns/sb1"))
                .networkFiles(
                        Path.of("/var/lib/shoal/web/hosts"),
                        Path.of("/var/lib/shoal/web/hostname"),
                        Path.of("/var/lib/shoal/web/resolv.conf"),
                        false)
                .build();
    }

    @Test
    void capabilitiesAreDockersFourteenInEverySet() {
        OciProcess process = web().process();
        assertThat(process.capabilities())
                .containsExactlyInAnyOrder(
                        "CAP_CHOWN",
                        "CAP_DAC_OVERRIDE",
                        "CAP_FSETID",
                        "CAP_FOWNER",
                        "CAP_MKNOD",
                        "CAP_NET_RAW",
                        "CAP_SETGID",
                        "CAP_SETUID",
                        "CAP_SETFCAP",
                        "CAP_SETPCAP",
                        "CAP_NET_BIND_SERVICE",
                        "CAP_SYS_CHROOT",
                        "CAP_KILL",
                        "CAP_AUDIT_WRITE")
                .doesNotContain("CAP_SYS_ADMIN", "CAP_NET_ADMIN");
        assertThat(process.uid()).isZero();
        assertThat(process.terminal()).isFalse();
    }

    @Test
    void namespacesArePrivateExceptTheNetworkOneJoinedByPath() {
        List<OciSpec.Namespace> namespaces = web().linux().namespaces();
        assertThat(namespaces)
                .containsExactly(
                        new OciSpec.Namespace("pid", Optional.empty()),
                        new OciSpec.Namespace("ipc", Optional.empty()),
                        new OciSpec.Namespace("uts", Optional.empty()),
                        new OciSpec.Namespace("mount", Optional.empty()),
                        new OciSpec.Namespace("network", Optional.of("/run/netns/sb1")));
    }

    @Test
    void withoutANetworkNamespacePathTheContainerGetsANewOne() {
        OciSpec spec = ContainerSpecBuilder.forContainer("x", OVERLAY)
                .args(List.of("true"))
                .build();
        assertThat(spec.linux().namespaces()).contains(new OciSpec.Namespace("network", Optional.empty()));
        assertThat(spec.hostname()).isEmpty();
    }

    @Test
    void networkFilesAreBindMountedAfterTheDefaults() {
        List<OciSpec.Mount> mounts = web().mounts();
        assertThat(mounts.stream().map(OciSpec.Mount::destination).collect(Collectors.toList()))
                .containsExactly(
                        "/proc",
                        "/dev",
                        "/dev/pts",
                        "/dev/shm",
                        "/dev/mqueue",
                        "/sys",
                        "/sys/fs/cgroup",
                        "/run",
                        "/etc/hosts",
                        "/etc/hostname",
                        "/etc/resolv.conf");
        assertThat(mounts.get(10))
                .isEqualTo(new OciSpec.Mount(
                        "/etc/resolv.conf", "bind", "/var/lib/shoal/web/resolv.conf", List.of("rbind", "rprivate")));
    }

    @Test
    void readOnlyNetworkFilesGetRo() {
        OciSpec spec = ContainerSpecBuilder.forContainer("x", OVERLAY)
                .args(List.of("true"))
                .networkFiles(Path.of("/h"), Path.of("/n"), Path.of("/r"), true)
                .build();
        assertThat(spec.mounts().stream().filter(m -> m.type().equals("bind")))
                .allSatisfy(m -> assertThat(m.options()).contains("ro"));
    }

    @Test
    void sysIsReadOnlyAndProcIsNoexec() {
        OciSpec spec = web();
        assertThat(mount(spec, "/sys").options()).contains("ro", "nosuid", "noexec", "nodev");
        assertThat(mount(spec, "/proc").options()).contains("nosuid", "noexec", "nodev");
        assertThat(mount(spec, "/dev/pts").options()).contains("newinstance", "gid=5");
    }

    @Test
    void maskedAndReadOnlyPathsAreDockers() {
        OciSpec.Linux linux = web().linux();
        assertThat(linux.maskedPaths()).contains("/proc/kcore", "/proc/keys", "/sys/firmware", "/proc/acpi");
        assertThat(linux.readonlyPaths())
                .containsExactly("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
        assertThat(linux.devices()).containsExactly(new OciSpec.DeviceRule(false, "rwm"));
        assertThat(linux.cgroupsPath()).isEqualTo("/shoal/web");
    }

    @Test
    void hostnameIsSetAndExported() {
        OciSpec spec = web();
        assertThat(spec.hostname()).contains("web-host");
        assertThat(spec.process().env()).containsExactly(ContainerSpecBuilder.DEFAULT_PATH, "A=1", "HOSTNAME=web-host");
    }

    @Test
    void aGivenPathIsKept() {
        OciProcess exec = ContainerSpecBuilder.execProcess(List.of("ls"), List.of("PATH=/bin"), "/tmp");
        assertThat(exec.env()).containsExactly("PATH=/bin");
        assertThat(exec.cwd()).isEqualTo("/tmp");
        assertThat(exec.capabilities()).isEqualTo(ContainerSpecBuilder.DEFAULT_CAPABILITIES);
    }

    @Test
    void rootPathFollowsTheRootfsKind() {
        assertThat(web().root().path()).isEqualTo("rootfs");
        OciSpec direct = ContainerSpecBuilder.forContainer("d", new Rootfs.Directory(Path.of("/srv/root")))
                .args(List.of("true"))
                .build();
        assertThat(direct.root().path()).isEqualTo("/srv/root");
        assertThat(direct.ociVersion()).isEqualTo("1.0.2-dev");
    }

    @Test
    void argsAreRequiredAndCwdAbsolute() {
        assertThatThrownBy(() -> ContainerSpecBuilder.forContainer("x", OVERLAY).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContainerSpecBuilder.execProcess(List.of("ls"), List.of(), "tmp"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rootfs.Overlay(List.of(), Path.of("/u"), Path.of("/w")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rootfs.Directory(Path.of("relative")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static OciSpec.Mount mount(OciSpec spec, String destination) {
        return spec.mounts().stream()
                .filter(m -> m.destination().equals(destination))
                .findFirst()
                .orElseThrow();
    }
}
