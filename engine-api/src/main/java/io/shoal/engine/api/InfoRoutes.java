package io.shoal.engine.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.shoal.engine.container.ContainerBackend;
import io.shoal.engine.container.ContainerState;
import io.shoal.engine.container.ContainerView;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.filter.Filters;
import io.shoal.engine.image.ImageBackend;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /info} (moby's {@code system.Info}): counts from the backends, the machine's facts, and what the docker
 * CLI, docker-compose ({@code Swarm.LocalNodeState}) and Testcontainers ({@code ServerVersion}, {@code
 * OperatingSystem}, numeric {@code MemTotal}, {@code Labels}) read.
 */
public final class InfoRoutes {
    private final EngineInfo engine;
    private final HostInfo host;
    private final ContainerBackend containers;
    private final ImageBackend images;
    private final Clock clock;
    private final RuntimeVersions runtimes;

    /** The route over these facts and backends, with the runtimes' versions. */
    public InfoRoutes(
            EngineInfo engine,
            HostInfo host,
            ContainerBackend containers,
            ImageBackend images,
            Clock clock,
            RuntimeVersions runtimes) {
        this.runtimes = Objects.requireNonNull(runtimes, "runtimes");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.host = Objects.requireNonNull(host, "host");
        this.containers = Objects.requireNonNull(containers, "containers");
        this.images = Objects.requireNonNull(images, "images");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Adds the route to {@code router}. */
    public Router.Builder addTo(Router.Builder router) {
        return router.route(HttpMethod.GET, "/info", request -> Response.json(HttpResponseStatus.OK, info()))
                // Shoal has no volumes: listing finds none and pruning deletes none (Testcontainers' shutdown hook
                // prunes volumes with the rest).
                .route(
                        HttpMethod.GET,
                        "/volumes",
                        request -> Response.json(
                                HttpResponseStatus.OK,
                                new JsonMap().with("Volumes", List.of()).with("Warnings", null)))
                .route(
                        HttpMethod.POST,
                        "/volumes/prune",
                        request -> Response.json(
                                HttpResponseStatus.OK,
                                new JsonMap().with("VolumesDeleted", List.of()).with("SpaceReclaimed", 0)));
    }

    JsonMap info() throws EngineException {
        List<ContainerView> all = containers.list(true, Filters.none(), 0);
        long running = all.stream().filter(c -> c.state().running()).count();
        long paused = all.stream()
                .filter(c -> c.state().status() == ContainerState.Status.PAUSED)
                .count();
        int imageCount = images.list(Filters.none()).size();
        return new JsonMap()
                .with("ID", "")
                .with("Containers", all.size())
                .with("ContainersRunning", running)
                .with("ContainersPaused", paused)
                .with("ContainersStopped", all.size() - running - paused)
                .with("Images", imageCount)
                .with("Driver", "overlay")
                .with("DriverStatus", List.of())
                .with(
                        "Plugins",
                        new JsonMap()
                                .with("Volume", List.of())
                                .with("Network", List.of("bridge", "host", "macvlan", "null"))
                                .with("Authorization", null)
                                .with("Log", List.of()))
                .with("MemoryLimit", false)
                .with("SwapLimit", false)
                .with("CpuCfsPeriod", false)
                .with("CpuCfsQuota", false)
                .with("CPUShares", false)
                .with("CPUSet", false)
                .with("PidsLimit", false)
                .with("IPv4Forwarding", true)
                .with("Debug", false)
                .with("NFd", 0)
                .with("OomKillDisable", false)
                .with("NGoroutines", Thread.activeCount())
                .with("SystemTime", Times.rfc3339Nano(clock.instant()))
                .with("LoggingDriver", "json-file") // what each container's HostConfig.LogConfig says
                .with("CgroupDriver", "cgroupfs")
                .with("CgroupVersion", "2")
                .with("NEventsListener", 0)
                .with("KernelVersion", engine.kernelVersion())
                .with("OperatingSystem", host.operatingSystem())
                .with("OSVersion", host.osVersion())
                .with("OSType", engine.os())
                .with("Architecture", architecture(engine.arch()))
                .with("IndexServerAddress", "")
                .with("RegistryConfig", null)
                .with("NCPU", host.cpus())
                .with("MemTotal", host.memTotal())
                .with("GenericResources", null)
                .with("DockerRootDir", host.dataRoot())
                .with("HttpProxy", "")
                .with("HttpsProxy", "")
                .with("NoProxy", "")
                .with("Name", host.name())
                .with("Labels", List.of())
                .with("ExperimentalBuild", false)
                .with("ServerVersion", engine.version())
                .with(
                        "Runtimes",
                        // As dockerd 28: the containerd shim by its name and the runc binary by its own.
                        Map.of(
                                "io.containerd.runc.v2",
                                new JsonMap().with("path", "runc"),
                                "runc",
                                new JsonMap().with("path", "runc")))
                .with("DefaultRuntime", "runc")
                .with(
                        "Swarm",
                        new JsonMap()
                                .with("NodeID", "")
                                .with("NodeAddr", "")
                                .with("LocalNodeState", "inactive")
                                .with("ControlAvailable", false)
                                .with("Error", "")
                                .with("RemoteManagers", null))
                .with("LiveRestoreEnabled", false)
                .with("Isolation", "")
                .with("InitBinary", "")
                .with("ContainerdCommit", new JsonMap().with("ID", runtimes.containerdCommit()))
                .with("RuncCommit", new JsonMap().with("ID", runtimes.runcCommit()))
                .with("InitCommit", new JsonMap().with("ID", ""))
                .with("SecurityOptions", List.of())
                .with("Warnings", null);
    }

    /** uname's machine name for Go's GOARCH, as {@code docker info} prints it ({@code x86_64}, {@code aarch64}). */
    static String architecture(String goArch) {
        return switch (goArch) {
            case "amd64" -> "x86_64";
            case "arm64" -> "aarch64";
            default -> goArch;
        };
    }
}
