package io.shoal.engine.daemon;

import static io.shoal.engine.daemon.JsonShape.ANY;
import static io.shoal.engine.daemon.JsonShape.BOOLEAN;
import static io.shoal.engine.daemon.JsonShape.INTEGER;
import static io.shoal.engine.daemon.JsonShape.STRING;
import static io.shoal.engine.daemon.JsonShape.arrayOf;
import static io.shoal.engine.daemon.JsonShape.mapOf;
import static io.shoal.engine.daemon.JsonShape.object;

/**
 * The response bodies of the Engine API endpoints Shoal serves, as Docker documents them for API 1.47 (the swagger
 * definitions of docs.docker.com/reference/api/engine/version/v1.47, and where the swagger is silent on presence the
 * {@code json} tags of moby's api/types: a member tagged {@code omitempty} is optional, every other one is always
 * sent). Written for Shoal from those documents; deprecated members Docker 28 still sends at API 1.47 are included.
 */
final class DockerApiShapes {
    /** {@code ErrorResponse}: every 4xx and 5xx. */
    static final JsonShape ERROR = object().field("message", STRING);

    /** {@code IdResponse}: POST /containers/{id}/exec. */
    static final JsonShape ID_RESPONSE = object().field("Id", STRING);

    /** {@code ContainerCreateResponse}. */
    static final JsonShape CONTAINER_CREATED = object().field("Id", STRING).field("Warnings", arrayOf(STRING));

    /** {@code NetworkCreateResponse}. */
    static final JsonShape NETWORK_CREATED = object().field("Id", STRING).field("Warning", STRING);

    /** {@code Port} in a container summary. */
    static final JsonShape PORT = object().optional("IP", STRING)
            .field("PrivatePort", INTEGER)
            .optional("PublicPort", INTEGER)
            .field("Type", STRING);

    /** {@code PortBinding}. */
    static final JsonShape PORT_BINDING = object().field("HostIp", STRING).field("HostPort", STRING);

    /** {@code EndpointSettings}: a container's endpoint on one network. */
    static final JsonShape ENDPOINT_SETTINGS = object().field(
                    "IPAMConfig",
                    object().optional("IPv4Address", STRING)
                            .optional("IPv6Address", STRING)
                            .optional("LinkLocalIPs", arrayOf(STRING))
                            .orNull())
            .field("Links", arrayOf(STRING))
            .field("MacAddress", STRING)
            .field("Aliases", arrayOf(STRING))
            .field("DriverOpts", mapOf(STRING))
            .field("NetworkID", STRING)
            .field("EndpointID", STRING)
            .field("Gateway", STRING)
            .field("IPAddress", STRING)
            .field("IPPrefixLen", INTEGER)
            .field("IPv6Gateway", STRING)
            .field("GlobalIPv6Address", STRING)
            .field("GlobalIPv6PrefixLen", INTEGER)
            .field("DNSNames", arrayOf(STRING));

    /** {@code MountPoint}. */
    static final JsonShape MOUNT_POINT = object().optional("Type", STRING)
            .optional("Name", STRING)
            .field("Source", STRING)
            .field("Destination", STRING)
            .optional("Driver", STRING)
            .field("Mode", STRING)
            .field("RW", BOOLEAN)
            .field("Propagation", STRING);

    /** {@code ContainerSummary}: GET /containers/json. */
    static final JsonShape CONTAINER_SUMMARY = object().field("Id", STRING)
            .field("Names", arrayOf(STRING))
            .field("Image", STRING)
            .field("ImageID", STRING)
            .field("Command", STRING)
            .field("Created", INTEGER)
            .field("Ports", arrayOf(PORT))
            .optional("SizeRw", INTEGER)
            .optional("SizeRootFs", INTEGER)
            .field("Labels", mapOf(STRING))
            .field("State", STRING)
            .field("Status", STRING)
            .field("HostConfig", object().optional("NetworkMode", STRING).optional("Annotations", mapOf(STRING)))
            .field("NetworkSettings", object().field("Networks", mapOf(ENDPOINT_SETTINGS)))
            .field("Mounts", arrayOf(MOUNT_POINT));

    /** {@code ContainerState}. */
    static final JsonShape CONTAINER_STATE = object().field("Status", STRING)
            .field("Running", BOOLEAN)
            .field("Paused", BOOLEAN)
            .field("Restarting", BOOLEAN)
            .field("OOMKilled", BOOLEAN)
            .field("Dead", BOOLEAN)
            .field("Pid", INTEGER)
            .field("ExitCode", INTEGER)
            .field("Error", STRING)
            .field("StartedAt", STRING)
            .field("FinishedAt", STRING)
            .optional("Health", ANY);

    /** {@code ContainerConfig} (inspect's Config) and an image's {@code ImageConfig}. */
    static final JsonShape CONTAINER_CONFIG = object().field("Hostname", STRING)
            .field("Domainname", STRING)
            .field("User", STRING)
            .field("AttachStdin", BOOLEAN)
            .field("AttachStdout", BOOLEAN)
            .field("AttachStderr", BOOLEAN)
            .optional("ExposedPorts", mapOf(ANY))
            .field("Tty", BOOLEAN)
            .field("OpenStdin", BOOLEAN)
            .field("StdinOnce", BOOLEAN)
            .field("Env", arrayOf(STRING))
            .field("Cmd", arrayOf(STRING))
            .optional("Healthcheck", ANY)
            .optional("ArgsEscaped", BOOLEAN)
            .field("Image", STRING)
            .field("Volumes", mapOf(ANY))
            .field("WorkingDir", STRING)
            .field("Entrypoint", arrayOf(STRING))
            .optional("NetworkDisabled", BOOLEAN)
            .optional("OnBuild", arrayOf(STRING))
            .field("Labels", mapOf(STRING))
            .optional("StopSignal", STRING)
            .optional("StopTimeout", INTEGER)
            .optional("Shell", arrayOf(STRING));

    /** {@code HostConfig} as inspect shows it, with the common {@code Resources} members. */
    static final JsonShape HOST_CONFIG = object().field("Binds", arrayOf(STRING))
            .field("ContainerIDFile", STRING)
            .field("LogConfig", object().field("Type", STRING).field("Config", mapOf(STRING)))
            .field("NetworkMode", STRING)
            .field("PortBindings", mapOf(arrayOf(PORT_BINDING)))
            .field("RestartPolicy", object().field("Name", STRING).field("MaximumRetryCount", INTEGER))
            .field("AutoRemove", BOOLEAN)
            .field("VolumeDriver", STRING)
            .field("VolumesFrom", arrayOf(STRING))
            .field("ConsoleSize", arrayOf(INTEGER))
            .field("CapAdd", arrayOf(STRING))
            .field("CapDrop", arrayOf(STRING))
            .field("CgroupnsMode", STRING)
            .field("Dns", arrayOf(STRING))
            .field("DnsOptions", arrayOf(STRING))
            .field("DnsSearch", arrayOf(STRING))
            .field("ExtraHosts", arrayOf(STRING))
            .field("GroupAdd", arrayOf(STRING))
            .field("IpcMode", STRING)
            .field("Cgroup", STRING)
            .field("Links", arrayOf(STRING))
            .field("OomScoreAdj", INTEGER)
            .field("PidMode", STRING)
            .field("Privileged", BOOLEAN)
            .field("PublishAllPorts", BOOLEAN)
            .field("ReadonlyRootfs", BOOLEAN)
            .field("SecurityOpt", arrayOf(STRING))
            .field("UTSMode", STRING)
            .field("UsernsMode", STRING)
            .field("ShmSize", INTEGER)
            .field("Isolation", STRING)
            .field("CpuShares", INTEGER)
            .field("Memory", INTEGER)
            .field("NanoCpus", INTEGER)
            .field("CgroupParent", STRING)
            .field("BlkioWeight", INTEGER)
            .field("CpuPeriod", INTEGER)
            .field("CpuQuota", INTEGER)
            .field("CpusetCpus", STRING)
            .field("CpusetMems", STRING)
            .field("Devices", arrayOf(ANY))
            .field("MemoryReservation", INTEGER)
            .field("MemorySwap", INTEGER)
            .field("MemorySwappiness", INTEGER.orNull())
            .field("OomKillDisable", BOOLEAN.orNull())
            .field("PidsLimit", INTEGER.orNull())
            .field("Ulimits", arrayOf(ANY))
            .field("MaskedPaths", arrayOf(STRING))
            .field("ReadonlyPaths", arrayOf(STRING));

    /** {@code NetworkSettings} as inspect shows it, with the legacy top-level members of the default network. */
    static final JsonShape NETWORK_SETTINGS = object().field("Bridge", STRING)
            .field("SandboxID", STRING)
            .field("SandboxKey", STRING)
            .field("Ports", mapOf(arrayOf(PORT_BINDING)))
            .field("HairpinMode", BOOLEAN)
            .field("LinkLocalIPv6Address", STRING)
            .field("LinkLocalIPv6PrefixLen", INTEGER)
            .field("SecondaryIPAddresses", arrayOf(ANY))
            .field("SecondaryIPv6Addresses", arrayOf(ANY))
            .field("EndpointID", STRING)
            .field("Gateway", STRING)
            .field("GlobalIPv6Address", STRING)
            .field("GlobalIPv6PrefixLen", INTEGER)
            .field("IPAddress", STRING)
            .field("IPPrefixLen", INTEGER)
            .field("IPv6Gateway", STRING)
            .field("MacAddress", STRING)
            .field("Networks", mapOf(ENDPOINT_SETTINGS));

    /** {@code ContainerInspectResponse}: GET /containers/{id}/json. */
    static final JsonShape CONTAINER_INSPECT = object().field("Id", STRING)
            .field("Created", STRING)
            .field("Path", STRING)
            .field("Args", arrayOf(STRING))
            .field("State", CONTAINER_STATE)
            .field("Image", STRING)
            .field("ResolvConfPath", STRING)
            .field("HostnamePath", STRING)
            .field("HostsPath", STRING)
            .field("LogPath", STRING)
            .field("Name", STRING)
            .field("RestartCount", INTEGER)
            .field("Driver", STRING)
            .field("Platform", STRING)
            .field("MountLabel", STRING)
            .field("ProcessLabel", STRING)
            .field("AppArmorProfile", STRING)
            .field("ExecIDs", arrayOf(STRING))
            .field("HostConfig", HOST_CONFIG)
            .field("GraphDriver", object().field("Name", STRING).field("Data", mapOf(STRING)))
            .optional("SizeRw", INTEGER)
            .optional("SizeRootFs", INTEGER)
            .field("Mounts", arrayOf(MOUNT_POINT))
            .field("Config", CONTAINER_CONFIG)
            .field("NetworkSettings", NETWORK_SETTINGS);

    /** {@code ContainerWaitResponse}. */
    static final JsonShape CONTAINER_WAIT = object().field("StatusCode", INTEGER)
            .optional("Error", object().optional("Message", STRING).orNull());

    /** The exec inspect response (swagger: GET /exec/{id}/json). */
    static final JsonShape EXEC_INSPECT = object().field("CanRemove", BOOLEAN)
            .field("DetachKeys", STRING)
            .field("ID", STRING)
            .field("Running", BOOLEAN)
            .field("ExitCode", INTEGER.orNull())
            .field(
                    "ProcessConfig",
                    object().optional("privileged", BOOLEAN)
                            .optional("user", STRING)
                            .field("tty", BOOLEAN)
                            .field("entrypoint", STRING)
                            .field("arguments", arrayOf(STRING)))
            .field("OpenStdin", BOOLEAN)
            .field("OpenStderr", BOOLEAN)
            .field("OpenStdout", BOOLEAN)
            .field("ContainerID", STRING)
            .field("Pid", INTEGER);

    /** {@code IPAMConfig}: one subnet of a network. */
    static final JsonShape IPAM_CONFIG = object().optional("Subnet", STRING)
            .optional("IPRange", STRING)
            .optional("Gateway", STRING)
            .optional("AuxiliaryAddresses", mapOf(STRING));

    /** {@code NetworkContainer}: one endpoint in a network's Containers. */
    static final JsonShape NETWORK_CONTAINER = object().field("Name", STRING)
            .field("EndpointID", STRING)
            .field("MacAddress", STRING)
            .field("IPv4Address", STRING)
            .field("IPv6Address", STRING);

    /** {@code Network}: GET /networks and GET /networks/{id}. */
    static final JsonShape NETWORK = object().field("Name", STRING)
            .field("Id", STRING)
            .field("Created", STRING)
            .field("Scope", STRING)
            .field("Driver", STRING)
            .field("EnableIPv4", BOOLEAN)
            .field("EnableIPv6", BOOLEAN)
            .field(
                    "IPAM",
                    object().field("Driver", STRING)
                            .field("Config", arrayOf(IPAM_CONFIG))
                            .field("Options", mapOf(STRING)))
            .field("Internal", BOOLEAN)
            .field("Attachable", BOOLEAN)
            .field("Ingress", BOOLEAN)
            .field("ConfigFrom", object().field("Network", STRING))
            .field("ConfigOnly", BOOLEAN)
            .field("Containers", mapOf(NETWORK_CONTAINER))
            .field("Options", mapOf(STRING))
            .field("Labels", mapOf(STRING))
            .optional("Peers", arrayOf(ANY));

    /** {@code NetworkPruneResponse}. */
    static final JsonShape NETWORK_PRUNE = object().field("NetworksDeleted", arrayOf(STRING));

    /** {@code ImageSummary}: GET /images/json (all members required by the swagger). */
    static final JsonShape IMAGE_SUMMARY = object().field("Id", STRING)
            .field("ParentId", STRING)
            .field("RepoTags", arrayOf(STRING))
            .field("RepoDigests", arrayOf(STRING))
            .field("Created", INTEGER)
            .field("Size", INTEGER)
            .field("SharedSize", INTEGER)
            .field("Labels", mapOf(STRING))
            .field("Containers", INTEGER);

    /** {@code ImageInspect}: GET /images/{name}/json. */
    static final JsonShape IMAGE_INSPECT = object().field("Id", STRING)
            .field("RepoTags", arrayOf(STRING))
            .field("RepoDigests", arrayOf(STRING))
            .field("Parent", STRING)
            .optional("Comment", STRING)
            .optional("Created", STRING)
            .field("DockerVersion", STRING)
            .optional("Author", STRING)
            .field("Config", CONTAINER_CONFIG.orNull())
            .field("Architecture", STRING)
            .optional("Variant", STRING)
            .field("Os", STRING)
            .optional("OsVersion", STRING)
            .field("Size", INTEGER)
            .optional("GraphDriver", object().field("Name", STRING).field("Data", mapOf(STRING)))
            .field("RootFS", object().field("Type", STRING).optional("Layers", arrayOf(STRING)))
            .field("Metadata", object().optional("LastTagTime", STRING));

    /** {@code ImageDeleteResponseItem} list: DELETE /images/{name}. */
    static final JsonShape IMAGE_DELETE =
            arrayOf(object().optional("Untagged", STRING).optional("Deleted", STRING));

    /** {@code ImagePruneResponse}. */
    static final JsonShape IMAGE_PRUNE = object().field(
                    "ImagesDeleted",
                    arrayOf(object().optional("Untagged", STRING).optional("Deleted", STRING)))
            .field("SpaceReclaimed", INTEGER);

    /** {@code SystemVersion}: GET /version. */
    static final JsonShape VERSION = object().field("Platform", object().field("Name", STRING))
            .field(
                    "Components",
                    arrayOf(object().field("Name", STRING)
                            .field("Version", STRING)
                            .optional("Details", ANY)))
            .field("Version", STRING)
            .field("ApiVersion", STRING)
            .field("MinAPIVersion", STRING)
            .field("GitCommit", STRING)
            .field("GoVersion", STRING)
            .field("Os", STRING)
            .field("Arch", STRING)
            .field("KernelVersion", STRING)
            .optional("Experimental", BOOLEAN)
            .field("BuildTime", STRING);

    private static final JsonShape COMMIT = object().field("ID", STRING);

    /** {@code SystemInfo}: GET /info (the members a Linux engine sends). */
    static final JsonShape INFO = object().field("ID", STRING)
            .field("Containers", INTEGER)
            .field("ContainersRunning", INTEGER)
            .field("ContainersPaused", INTEGER)
            .field("ContainersStopped", INTEGER)
            .field("Images", INTEGER)
            .field("Driver", STRING)
            .field("DriverStatus", arrayOf(arrayOf(STRING)))
            .field("DockerRootDir", STRING)
            .field(
                    "Plugins",
                    object().field("Volume", arrayOf(STRING))
                            .field("Network", arrayOf(STRING))
                            .field("Authorization", arrayOf(STRING))
                            .field("Log", arrayOf(STRING)))
            .field("MemoryLimit", BOOLEAN)
            .field("SwapLimit", BOOLEAN)
            .field("CpuCfsPeriod", BOOLEAN)
            .field("CpuCfsQuota", BOOLEAN)
            .field("CPUShares", BOOLEAN)
            .field("CPUSet", BOOLEAN)
            .field("PidsLimit", BOOLEAN)
            .field("OomKillDisable", BOOLEAN)
            .field("IPv4Forwarding", BOOLEAN)
            .field("Debug", BOOLEAN)
            .field("NFd", INTEGER)
            .field("NGoroutines", INTEGER)
            .field("SystemTime", STRING)
            .field("LoggingDriver", STRING)
            .field("CgroupDriver", STRING)
            .field("CgroupVersion", STRING)
            .field("NEventsListener", INTEGER)
            .field("KernelVersion", STRING)
            .field("OperatingSystem", STRING)
            .field("OSVersion", STRING)
            .field("OSType", STRING)
            .field("Architecture", STRING)
            .field("NCPU", INTEGER)
            .field("MemTotal", INTEGER)
            .field("IndexServerAddress", STRING)
            .field("RegistryConfig", ANY)
            .field("GenericResources", arrayOf(ANY))
            .field("HttpProxy", STRING)
            .field("HttpsProxy", STRING)
            .field("NoProxy", STRING)
            .field("Name", STRING)
            .field("Labels", arrayOf(STRING))
            .field("ExperimentalBuild", BOOLEAN)
            .field("ServerVersion", STRING)
            .field("Runtimes", mapOf(object().optional("path", STRING)))
            .field("DefaultRuntime", STRING)
            .field(
                    "Swarm",
                    object().field("NodeID", STRING)
                            .field("NodeAddr", STRING)
                            .field("LocalNodeState", STRING)
                            .field("ControlAvailable", BOOLEAN)
                            .field("Error", STRING)
                            .field("RemoteManagers", arrayOf(ANY)))
            .field("LiveRestoreEnabled", BOOLEAN)
            .field("Isolation", STRING)
            .field("InitBinary", STRING)
            .field("ContainerdCommit", COMMIT)
            .field("RuncCommit", COMMIT)
            .field("InitCommit", COMMIT)
            .field("SecurityOptions", arrayOf(STRING))
            .field("Warnings", arrayOf(STRING));

    /** {@code EventMessage}, one per line of GET /events. */
    static final JsonShape EVENT = object().field("Type", STRING)
            .field("Action", STRING)
            .field("Actor", object().field("ID", STRING).field("Attributes", mapOf(STRING)))
            .field("scope", STRING)
            .field("time", INTEGER)
            .field("timeNano", INTEGER);

    /** One JSON message of POST /images/create's progress stream. */
    static final JsonShape PROGRESS = object().optional("status", STRING)
            .optional("id", STRING)
            .optional("progressDetail", ANY)
            .optional("error", STRING)
            .optional("errorDetail", ANY);

    private DockerApiShapes() {}
}
