package io.shoal.engine.runtime.oci;

import io.shoal.engine.runtime.Rootfs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the OCI spec of a Docker-like container: Docker's defaults for capabilities, masked and read-only paths,
 * private pid/ipc/uts/mount namespaces, the network namespace joined by path, containerd's default mounts, and the
 * network files ({@code /etc/hosts}, {@code /etc/hostname}, {@code /etc/resolv.conf}) bind-mounted from the engine's
 * directory. Pure: it reads nothing and checks no path.
 *
 * <p>Sources: containerd 1.6 {@code oci/spec.go} (default mounts, RLIMIT_NOFILE, device rule), moby 20.10 {@code
 * oci/caps/defaults.go} and {@code oci/defaults.go} (capabilities, masked and read-only paths), runtime-spec 1.0.2.
 */
public final class ContainerSpecBuilder {
    /** Docker's default capability set (moby {@code oci/caps/defaults.go}). */
    public static final List<String> DEFAULT_CAPABILITIES = List.of(
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
            "CAP_AUDIT_WRITE");

    /** Paths runc hides (an empty file or tmpfs over them), as Docker 20.10 does. */
    public static final List<String> MASKED_PATHS = List.of(
            "/proc/asound",
            "/proc/acpi",
            "/proc/kcore",
            "/proc/keys",
            "/proc/latency_stats",
            "/proc/timer_list",
            "/proc/timer_stats",
            "/proc/sched_debug",
            "/proc/scsi",
            "/sys/firmware");

    /** Paths runc remounts read-only, as Docker 20.10 does. */
    public static final List<String> READONLY_PATHS =
            List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    /** Docker's PATH when the image sets none. */
    public static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** containerd's default open-files limit (soft and hard). */
    public static final long DEFAULT_NOFILE = 1024;

    private final String id;
    private final Rootfs rootfs;
    private List<String> args = List.of();
    private List<String> env = List.of();
    private String cwd = "/";
    private boolean terminal;
    private Optional<String> hostname = Optional.empty();
    private Optional<Path> networkNamespace = Optional.empty();
    private final Map<String, Path> networkFiles = new LinkedHashMap<>();
    private boolean networkFilesReadOnly;
    private String cgroupParent = "shoal";
    private final Map<String, String> annotations = new LinkedHashMap<>();

    private ContainerSpecBuilder(String id, Rootfs rootfs) {
        this.id = Objects.requireNonNull(id, "id");
        this.rootfs = Objects.requireNonNull(rootfs, "rootfs");
    }

    /** A builder for container {@code id} running on {@code rootfs}. */
    public static ContainerSpecBuilder forContainer(String id, Rootfs rootfs) {
        return new ContainerSpecBuilder(id, rootfs);
    }

    /** The init process's argv; required. */
    public ContainerSpecBuilder args(List<String> args) {
        this.args = List.copyOf(args);
        return this;
    }

    /** {@code KEY=value} entries; a default PATH is added when none is given. */
    public ContainerSpecBuilder env(List<String> env) {
        this.env = List.copyOf(env);
        return this;
    }

    /** The working directory (absolute); "/" by default. */
    public ContainerSpecBuilder cwd(String cwd) {
        this.cwd = Objects.requireNonNull(cwd, "cwd");
        return this;
    }

    /**
     * Whether the init process gets a pseudo-terminal (OCI {@code process.terminal}; the runtime's task must be
     * created with a terminal too). As Docker, {@code TERM=xterm} is added when the environment has no TERM.
     */
    public ContainerSpecBuilder terminal(boolean terminal) {
        this.terminal = terminal;
        return this;
    }

    /** The host name (in the container's own uts namespace); also exported as HOSTNAME, as Docker does. */
    public ContainerSpecBuilder hostname(String hostname) {
        this.hostname = Optional.of(hostname);
        return this;
    }

    /** Joins the network namespace bound at {@code path} (e.g. /run/netns/NAME) instead of making a new one. */
    public ContainerSpecBuilder networkNamespace(Path path) {
        this.networkNamespace = Optional.of(path);
        return this;
    }

    /**
     * Bind-mounts the engine's {@code hosts}, {@code hostname} and {@code resolv.conf} files over {@code /etc/hosts},
     * {@code /etc/hostname} and {@code /etc/resolv.conf}, read-only when {@code readOnly} (Docker: with
     * {@code --read-only}).
     */
    public ContainerSpecBuilder networkFiles(Path hosts, Path hostnameFile, Path resolvConf, boolean readOnly) {
        networkFiles.put("/etc/hosts", hosts);
        networkFiles.put("/etc/hostname", hostnameFile);
        networkFiles.put("/etc/resolv.conf", resolvConf);
        this.networkFilesReadOnly = readOnly;
        return this;
    }

    /** The cgroup parent: the container's cgroup is {@code /PARENT/ID}; "shoal" by default. */
    public ContainerSpecBuilder cgroupParent(String parent) {
        this.cgroupParent = Objects.requireNonNull(parent, "parent");
        return this;
    }

    /** An OCI annotation. */
    public ContainerSpecBuilder annotation(String key, String value) {
        annotations.put(key, value);
        return this;
    }

    /** The spec. */
    public OciSpec build() {
        List<String> fullEnv = new ArrayList<>(withPath(env));
        hostname.ifPresent(name -> fullEnv.add("HOSTNAME=" + name));
        OciProcess process = process(args, terminal ? withTerm(fullEnv) : fullEnv, cwd, terminal);
        OciSpec.Linux linux = new OciSpec.Linux(
                namespaces(),
                "/" + cgroupParent + "/" + id,
                List.of(new OciSpec.DeviceRule(false, "rwm")),
                MASKED_PATHS,
                READONLY_PATHS);
        return new OciSpec(
                OciSpec.VERSION,
                process,
                new OciSpec.Root(rootfs.specRootPath(), false),
                hostname,
                mounts(),
                linux,
                annotations);
    }

    /**
     * An exec process with the container's defaults (root, Docker's capabilities, default PATH unless given):
     * {@code args} run in {@code cwd}.
     */
    public static OciProcess execProcess(List<String> args, List<String> env, String cwd) {
        return process(args, withPath(env), cwd, false);
    }

    /** An exec process as {@link #execProcess(List, List, String)}, on a pseudo-terminal when {@code terminal}. */
    public static OciProcess execProcess(List<String> args, List<String> env, String cwd, boolean terminal) {
        List<String> full = withPath(env);
        return process(args, terminal ? withTerm(full) : full, cwd, terminal);
    }

    /** {@code env} with {@code TERM=xterm} appended when it has no TERM (Docker's default for a TTY). */
    private static List<String> withTerm(List<String> env) {
        if (env.stream().anyMatch(entry -> entry.startsWith("TERM="))) {
            return env;
        }
        List<String> withTerm = new ArrayList<>(env);
        withTerm.add("TERM=xterm");
        return withTerm;
    }

    private static OciProcess process(List<String> args, List<String> env, String cwd, boolean terminal) {
        return new OciProcess(
                terminal,
                0,
                0,
                args,
                env,
                cwd,
                DEFAULT_CAPABILITIES,
                List.of(new OciProcess.Rlimit("RLIMIT_NOFILE", DEFAULT_NOFILE, DEFAULT_NOFILE)),
                false);
    }

    private static List<String> withPath(List<String> env) {
        if (env.stream().anyMatch(entry -> entry.startsWith("PATH="))) {
            return env;
        }
        List<String> withPath = new ArrayList<>(env);
        withPath.add(0, DEFAULT_PATH);
        return withPath;
    }

    private List<OciSpec.Namespace> namespaces() {
        return List.of(
                new OciSpec.Namespace("pid", Optional.empty()),
                new OciSpec.Namespace("ipc", Optional.empty()),
                new OciSpec.Namespace("uts", Optional.empty()),
                new OciSpec.Namespace("mount", Optional.empty()),
                new OciSpec.Namespace("network", networkNamespace.map(Path::toString)));
    }

    private List<OciSpec.Mount> mounts() {
        List<OciSpec.Mount> mounts = new ArrayList<>(defaultMounts());
        networkFiles.forEach((destination, source) -> mounts.add(new OciSpec.Mount(
                destination,
                "bind",
                source.toString(),
                networkFilesReadOnly ? List.of("rbind", "rprivate", "ro") : List.of("rbind", "rprivate"))));
        return mounts;
    }

    /** containerd's default mounts ({@code oci/spec.go}) and Docker's read-only {@code /sys/fs/cgroup}. */
    static List<OciSpec.Mount> defaultMounts() {
        return List.of(
                new OciSpec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new OciSpec.Mount(
                        "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new OciSpec.Mount(
                        "/dev/pts",
                        "devpts",
                        "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new OciSpec.Mount(
                        "/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
                new OciSpec.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                new OciSpec.Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
                new OciSpec.Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "ro")),
                new OciSpec.Mount(
                        "/run", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
    }
}
