package io.shoal.engine.api;

import io.shoal.engine.container.ContainerPort;
import io.shoal.engine.container.ContainerSpec;
import io.shoal.engine.container.ContainerState;
import io.shoal.engine.container.ContainerView;
import io.shoal.engine.container.ExecView;
import io.shoal.engine.container.HostBinding;
import io.shoal.engine.container.HostSettings;
import io.shoal.engine.network.EndpointSettings;
import io.shoal.engine.network.EndpointView;
import io.shoal.engine.runtime.oci.ContainerSpecBuilder;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Containers in Docker's JSON shapes (interfaces reference §2.5, §2.7, §2.8): the list summary ({@code
 * types.Container}), the inspect object ({@code ContainerJSON}), endpoint settings and exec inspect.
 */
final class ContainerJson {
    private ContainerJson() {}

    /** {@code GET /containers/json}'s entry; Status is said relative to {@code now}. */
    static JsonMap summary(ContainerView container, Instant now) {
        Map<String, Object> networks = new TreeMap<>();
        container.networks().forEach((name, endpoint) -> networks.put(name, endpoint(endpoint, container.spec())));
        return new JsonMap()
                .with("Id", container.id())
                .with("Names", List.of("/" + container.name()))
                .with("Image", container.image())
                .with("ImageID", container.imageId())
                .with("Command", command(container.path(), container.args()))
                .with("Created", container.created().getEpochSecond())
                .with("Ports", summaryPorts(container))
                .with("Labels", new TreeMap<>(container.spec().labels()))
                .with("State", container.state().status().apiName())
                .with("Status", status(container.state(), now))
                .with(
                        "HostConfig",
                        new JsonMap()
                                .with("NetworkMode", container.spec().host().networkMode()))
                .with("NetworkSettings", new JsonMap().with("Networks", networks))
                .with("Mounts", List.of());
    }

    /** The process as one line, an argument holding a space quoted (moby's list). */
    static String command(String path, List<String> args) {
        StringBuilder command = new StringBuilder(path);
        for (String arg : args) {
            command.append(' ').append(arg.contains(" ") ? "'" + arg + "'" : arg);
        }
        return command.toString();
    }

    /**
     * The summary's {@code Ports}: each binding of a published port ({@code IP}, {@code PrivatePort}, {@code
     * PublicPort}, {@code Type}), and each exposed port without one ({@code PrivatePort}, {@code Type}).
     */
    private static List<Object> summaryPorts(ContainerView container) {
        List<Object> ports = new ArrayList<>();
        for (Map.Entry<ContainerPort, List<HostBinding>> entry :
                ports(container).entrySet()) {
            ContainerPort port = entry.getKey();
            if (entry.getValue() == null || entry.getValue().isEmpty()) {
                ports.add(new JsonMap().with("PrivatePort", port.port()).with("Type", port.protocol()));
                continue;
            }
            for (HostBinding binding : entry.getValue()) {
                JsonMap item =
                        new JsonMap().withNonEmpty("IP", binding.hostIp()).with("PrivatePort", port.port());
                publicPort(binding.hostPort()).ifPresent(p -> item.with("PublicPort", p));
                ports.add(item.with("Type", port.protocol()));
            }
        }
        return ports;
    }

    private static Optional<Integer> publicPort(String text) {
        try {
            int port = Integer.parseInt(text);
            return port > 0 ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The ports to show: while the container runs, every exposed or published port with its bindings as bound (null
     * for an exposed port without any, as Docker); otherwise none.
     */
    private static Map<ContainerPort, List<HostBinding>> ports(ContainerView container) {
        Map<ContainerPort, List<HostBinding>> ports =
                new TreeMap<>(Comparator.comparingInt(ContainerPort::port).thenComparing(ContainerPort::protocol));
        if (!container.state().running()) {
            return ports;
        }
        container.spec().exposedPorts().forEach(port -> ports.put(port, null));
        ports.putAll(container.ports());
        return ports;
    }

    /**
     * Docker's {@code State.String()}: {@code Up 3 seconds}, {@code Up 2 hours (Paused)}, {@code Restarting (1) 5
     * seconds ago}, {@code Exited (0) 2 seconds ago}, {@code Created}, {@code Removal In Progress}, {@code Dead}.
     */
    static String status(ContainerState state, Instant now) {
        return switch (state.status()) {
            case RUNNING -> "Up " + humanDuration(since(state.startedAt(), now));
            case PAUSED -> "Up " + humanDuration(since(state.startedAt(), now)) + " (Paused)";
            case RESTARTING -> "Restarting (" + state.exitCode() + ") " + humanDuration(since(state.finishedAt(), now))
                    + " ago";
            case REMOVING -> "Removal In Progress";
            case DEAD -> "Dead";
            case CREATED -> "Created";
            case EXITED -> state.finishedAt().isEmpty()
                    ? "Exited (" + state.exitCode() + ")"
                    : "Exited (" + state.exitCode() + ") " + humanDuration(since(state.finishedAt(), now)) + " ago";
        };
    }

    private static Duration since(Optional<Instant> time, Instant now) {
        return time.map(t -> Duration.between(t, now)).orElse(Duration.ZERO);
    }

    /** go-units' {@code HumanDuration}: how long ago, in the words {@code docker ps} prints. */
    static String humanDuration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = duration.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(duration.toSeconds() / 3600.0);
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        }
        if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return duration.toHours() / 24 / 365 + " years";
    }

    /** {@code GET /containers/{id}/json}. */
    static JsonMap inspect(ContainerView container) {
        ContainerState state = container.state();
        ContainerSpec spec = container.spec();
        return new JsonMap()
                .with("Id", container.id())
                .with("Created", Times.rfc3339Nano(container.created()))
                .with("Path", container.path())
                .with("Args", container.args())
                .with(
                        "State",
                        new JsonMap()
                                .with("Status", state.status().apiName())
                                .with(
                                        "Running",
                                        // As Docker: a restarting container counts as running.
                                        state.status() == ContainerState.Status.RUNNING
                                                || state.status() == ContainerState.Status.PAUSED
                                                || state.status() == ContainerState.Status.RESTARTING)
                                .with("Paused", state.status() == ContainerState.Status.PAUSED)
                                .with("Restarting", state.status() == ContainerState.Status.RESTARTING)
                                .with("OOMKilled", state.oomKilled())
                                .with("Dead", state.status() == ContainerState.Status.DEAD)
                                .with("Pid", state.pid())
                                .with("ExitCode", state.exitCode())
                                .with("Error", state.error())
                                .with("StartedAt", Times.rfc3339Nano(state.startedAt()))
                                .with("FinishedAt", Times.rfc3339Nano(state.finishedAt())))
                .with("Image", container.imageId())
                .with("ResolvConfPath", container.resolvConfPath().toString())
                .with("HostnamePath", container.hostnamePath().toString())
                .with("HostsPath", container.hostsPath().toString())
                .with("LogPath", container.logPath().toString())
                .with("Name", "/" + container.name())
                .with("RestartCount", container.restartCount())
                .with("Driver", "overlay")
                .with("Platform", "linux")
                .with("MountLabel", "")
                .with("ProcessLabel", "")
                .with("AppArmorProfile", "")
                .with("ExecIDs", container.execIds().isEmpty() ? null : container.execIds())
                .with("HostConfig", hostConfig(spec.host()))
                .with("GraphDriver", new JsonMap().with("Data", null).with("Name", "overlay"))
                .with("Mounts", List.of())
                .with("Config", config(container))
                .with("NetworkSettings", networkSettings(container));
    }

    private static JsonMap hostConfig(HostSettings host) {
        return new JsonMap()
                .with("NetworkMode", host.networkMode())
                .with("PortBindings", bindings(host.portBindings()))
                .with(
                        "RestartPolicy",
                        new JsonMap()
                                .with("Name", host.restartPolicy())
                                .with("MaximumRetryCount", host.restartRetries()))
                .with("AutoRemove", host.autoRemove())
                .with("Dns", host.dns())
                .with("DnsOptions", host.dnsOptions())
                .with("DnsSearch", host.dnsSearch())
                .with("ExtraHosts", host.extraHosts().isEmpty() ? null : host.extraHosts())
                .with("PublishAllPorts", host.publishAllPorts())
                .with("LogConfig", new JsonMap().with("Type", "json-file").with("Config", Map.of()))
                .with("Privileged", false)
                .with("ReadonlyRootfs", false)
                .with("IpcMode", "private")
                .with("PidMode", "")
                .with("CgroupnsMode", "private")
                .with("Binds", null)
                .with("VolumesFrom", null)
                .with("CapAdd", null)
                .with("CapDrop", null)
                .with("ContainerIDFile", "")
                .with("VolumeDriver", "")
                .with("ConsoleSize", List.of(0, 0))
                .with("GroupAdd", null)
                .with("Cgroup", "")
                .with("Links", null)
                .with("OomScoreAdj", 0)
                .with("SecurityOpt", null)
                .with("UTSMode", "")
                .with("UsernsMode", "")
                .with("ShmSize", SHM_SIZE)
                .with("Isolation", "")
                .with("MaskedPaths", ContainerSpecBuilder.MASKED_PATHS)
                .with("ReadonlyPaths", ContainerSpecBuilder.READONLY_PATHS)
                .withAll(NO_RESOURCE_LIMITS);
    }

    /**
     * The {@code Resources} members of Docker's HostConfig (swagger definition {@code Resources}), as Docker shows a
     * container created without limits: Shoal sets none (cgroup limits are outside networking), so all are zero,
     * empty or null, the same values dockerd shows for {@code docker run} without resource flags.
     */
    private static final Map<String, Object> NO_RESOURCE_LIMITS = noResourceLimits();

    /** The size of the /dev/shm tmpfs every container gets (ContainerSpecBuilder: size=65536k), in bytes. */
    private static final long SHM_SIZE = 64L * 1024 * 1024;

    private static Map<String, Object> noResourceLimits() {
        Map<String, Object> limits = new LinkedHashMap<>();
        for (String zero : List.of(
                "CpuShares",
                "Memory",
                "NanoCpus",
                "BlkioWeight",
                "CpuPeriod",
                "CpuQuota",
                "CpuRealtimePeriod",
                "CpuRealtimeRuntime",
                "KernelMemoryTCP",
                "MemoryReservation",
                "MemorySwap",
                "CpuCount",
                "CpuPercent",
                "IOMaximumIOps",
                "IOMaximumBandwidth")) {
            limits.put(zero, 0);
        }
        for (String empty : List.of("CgroupParent", "CpusetCpus", "CpusetMems")) {
            limits.put(empty, "");
        }
        for (String none : List.of(
                "BlkioWeightDevice",
                "BlkioDeviceReadBps",
                "BlkioDeviceWriteBps",
                "BlkioDeviceReadIOps",
                "BlkioDeviceWriteIOps",
                "DeviceCgroupRules",
                "DeviceRequests",
                "MemorySwappiness",
                "OomKillDisable",
                "PidsLimit")) {
            limits.put(none, null);
        }
        limits.put("Devices", List.of());
        limits.put("Ulimits", List.of());
        return Collections.unmodifiableMap(limits);
    }

    private static Map<String, Object> bindings(Map<ContainerPort, List<HostBinding>> bindings) {
        Map<String, Object> map = new TreeMap<>();
        bindings.forEach((port, list) -> map.put(port.toString(), list == null ? null : bindingList(list)));
        return map;
    }

    private static List<Object> bindingList(List<HostBinding> list) {
        List<Object> items = new ArrayList<>();
        for (HostBinding binding : list) {
            items.add(new JsonMap().with("HostIp", binding.hostIp()).with("HostPort", binding.hostPort()));
        }
        return items;
    }

    private static JsonMap config(ContainerView container) {
        ContainerSpec spec = container.spec();
        Map<String, Object> exposed = new TreeMap<>();
        spec.exposedPorts().forEach(port -> exposed.put(port.toString(), Map.of()));
        JsonMap config = new JsonMap()
                .with(
                        "Hostname",
                        spec.hostname()
                                .orElse(container
                                        .id()
                                        .substring(
                                                0, Math.min(12, container.id().length()))))
                .with("Domainname", spec.domainname())
                .with("User", spec.user())
                .with("AttachStdin", spec.attachStdin())
                .with("AttachStdout", spec.attachStdout())
                .with("AttachStderr", spec.attachStderr())
                .withNonEmpty("ExposedPorts", exposed)
                .with("Tty", spec.tty())
                .with("OpenStdin", spec.openStdin())
                .with("StdinOnce", spec.stdinOnce())
                .with("Env", spec.env())
                .with("Cmd", spec.cmd().isEmpty() ? null : spec.cmd())
                .with("Image", spec.image())
                .with("Volumes", null)
                .with("WorkingDir", spec.workingDir())
                .with("Entrypoint", spec.entrypoint().isEmpty() ? null : spec.entrypoint())
                .with("OnBuild", null)
                .with("Labels", new TreeMap<>(spec.labels()));
        spec.stopSignal().ifPresent(signal -> config.with("StopSignal", signal));
        spec.stopTimeoutSeconds().ifPresent(timeout -> config.with("StopTimeout", timeout));
        return config;
    }

    /**
     * {@code NetworkSettings}: the sandbox, the ports, the legacy top-level fields (from the default {@code bridge}
     * network's endpoint only, as Docker), and {@code Networks} by network name.
     */
    private static JsonMap networkSettings(ContainerView container) {
        Map<String, Object> networks = new TreeMap<>();
        container.networks().forEach((name, endpoint) -> networks.put(name, endpoint(endpoint, container.spec())));
        Optional<EndpointView> bridge = Optional.ofNullable(container.networks().get("bridge"));
        Map<String, Object> ports = new TreeMap<>();
        ports(container).forEach((port, list) -> ports.put(port.toString(), list == null ? null : bindingList(list)));
        return new JsonMap()
                .with("Bridge", "")
                .with(
                        "SandboxID",
                        container.sandboxKey().map(key -> container.id()).orElse(""))
                .with("SandboxKey", container.sandboxKey().map(Object::toString).orElse(""))
                .with("Ports", ports)
                .with("HairpinMode", false)
                .with("LinkLocalIPv6Address", "")
                .with("LinkLocalIPv6PrefixLen", 0)
                .with("SecondaryIPAddresses", null)
                .with("SecondaryIPv6Addresses", null)
                .with("EndpointID", bridge.map(EndpointView::endpointId).orElse(""))
                .with(
                        "Gateway",
                        bridge.flatMap(EndpointView::gatewayV4)
                                .map(IpAddresses::format)
                                .orElse(""))
                .with(
                        "GlobalIPv6Address",
                        bridge.flatMap(EndpointView::ipv6)
                                .map(p -> IpAddresses.format(p.address()))
                                .orElse(""))
                .with(
                        "GlobalIPv6PrefixLen",
                        bridge.flatMap(EndpointView::ipv6).map(IpPrefix::length).orElse(0))
                .with(
                        "IPAddress",
                        bridge.flatMap(EndpointView::ipv4)
                                .map(p -> IpAddresses.format(p.address()))
                                .orElse(""))
                .with(
                        "IPPrefixLen",
                        bridge.flatMap(EndpointView::ipv4).map(IpPrefix::length).orElse(0))
                .with(
                        "IPv6Gateway",
                        bridge.flatMap(EndpointView::gatewayV6)
                                .map(IpAddresses::format)
                                .orElse(""))
                .with(
                        "MacAddress",
                        bridge.flatMap(EndpointView::mac)
                                .map(MacAddress::toString)
                                .orElse(""))
                .with("Networks", networks);
    }

    /**
     * One {@code EndpointSettings} as output: what the user asked ({@code IPAMConfig}, {@code Aliases}, {@code
     * DriverOpts}, looked up in the create request by network name or id) and what the engine assigned.
     */
    static JsonMap endpoint(EndpointView endpoint, ContainerSpec spec) {
        EndpointSettings asked = spec.endpoints().get(endpoint.networkName());
        if (asked == null) {
            asked = spec.endpoints().get(endpoint.networkId());
        }
        JsonMap ipam = null;
        Map<String, String> driverOpts = null;
        if (asked != null) {
            if (asked.ipv4().isPresent() || asked.ipv6().isPresent()) {
                ipam = new JsonMap()
                        .withNonEmpty(
                                "IPv4Address",
                                asked.ipv4().map(IpAddresses::format).orElse(""))
                        .withNonEmpty(
                                "IPv6Address",
                                asked.ipv6().map(IpAddresses::format).orElse(""));
            }
            driverOpts = asked.driverOptions().isEmpty() ? null : new TreeMap<>(asked.driverOptions());
        }
        return new JsonMap()
                .with("IPAMConfig", ipam)
                .with("Links", null)
                .with("Aliases", endpoint.aliases().isEmpty() ? null : endpoint.aliases())
                .with("MacAddress", endpoint.mac().map(MacAddress::toString).orElse(""))
                .with("DriverOpts", driverOpts)
                .with("NetworkID", endpoint.networkId())
                .with("EndpointID", endpoint.endpointId())
                .with("Gateway", endpoint.gatewayV4().map(IpAddresses::format).orElse(""))
                .with(
                        "IPAddress",
                        endpoint.ipv4()
                                .map(p -> IpAddresses.format(p.address()))
                                .orElse(""))
                .with("IPPrefixLen", endpoint.ipv4().map(IpPrefix::length).orElse(0))
                .with(
                        "IPv6Gateway",
                        endpoint.gatewayV6().map(IpAddresses::format).orElse(""))
                .with(
                        "GlobalIPv6Address",
                        endpoint.ipv6()
                                .map(p -> IpAddresses.format(p.address()))
                                .orElse(""))
                .with(
                        "GlobalIPv6PrefixLen",
                        endpoint.ipv6().map(IpPrefix::length).orElse(0))
                .with("DNSNames", endpoint.dnsNames().isEmpty() ? null : endpoint.dnsNames());
    }

    /** {@code GET /exec/{id}/json}: note {@code ID}, not {@code Id}; ExitCode null while it has not exited. */
    static JsonMap exec(ExecView exec) {
        List<String> cmd = exec.spec().cmd();
        return new JsonMap()
                .with("CanRemove", false)
                .with("ContainerID", exec.containerId())
                .with("DetachKeys", "")
                .with("ExitCode", exec.exitCode().isPresent() ? exec.exitCode().getAsInt() : null)
                .with("ID", exec.id())
                .with("OpenStderr", exec.spec().attachStderr())
                .with("OpenStdin", exec.spec().attachStdin())
                .with("OpenStdout", exec.spec().attachStdout())
                .with(
                        "ProcessConfig",
                        new JsonMap()
                                .with("tty", exec.spec().tty())
                                .with("entrypoint", cmd.isEmpty() ? "" : cmd.get(0))
                                .with("arguments", cmd.isEmpty() ? List.of() : cmd.subList(1, cmd.size()))
                                .with("privileged", false)
                                .withNonEmpty("user", exec.spec().user()))
                .with("Running", exec.running())
                .with("Pid", exec.pid());
    }
}
