package io.shoal.engine.container;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A container as stored in collection {@code container}: identity, the effective spec (image defaults merged), the
 * networks it is to be attached to (in attach order, with the interface each has while attached), its state, the
 * phase of the work in progress, the sandbox's namespace path while it has one, the published ports as bound, and
 * the restart count and whether the user stopped it ({@code docker stop}/{@code kill}; Docker's {@code
 * HasBeenManuallyStopped}, which {@code unless-stopped} reads at the engine's start). Only JSON-natural parts (see {@link io.shoal.engine.store.Collection}).
 *
 * <p>The phase is written before the work it names, so that {@code restore} knows what to finish or undo: {@code
 * STARTING} (sandbox and task being made), {@code RUNNING}, {@code STOPPING} (the task exited; the task and sandbox
 * are being torn down), {@code REMOVING}, and {@code IDLE} (no work in progress; nothing in the kernel or runtime).
 */
public record ContainerRecord(
        String id,
        String name,
        Instant created,
        String image,
        String imageId,
        String path,
        List<String> args,
        StoredSpec spec,
        List<Attachment> networks,
        ContainerState state,
        Phase phase,
        Optional<String> sandboxKey,
        Map<String, List<HostBinding>> ports,
        int restartCount,
        boolean manuallyStopped) {
    public ContainerRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(path, "path");
        args = List.copyOf(args);
        Objects.requireNonNull(spec, "spec");
        networks = List.copyOf(networks);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(sandboxKey, "sandboxKey");
        ports = Map.copyOf(ports);
    }

    /** What is being done to the container (see the class comment). */
    public enum Phase {
        IDLE,
        STARTING,
        RUNNING,
        STOPPING,
        REMOVING
    }

    /** One network the container is (to be) attached to; the interface name is set while attached. */
    public record Attachment(
            String networkId, String networkName, StoredEndpoint settings, Optional<String> interfaceName) {
        public Attachment {
            Objects.requireNonNull(networkId, "networkId");
            Objects.requireNonNull(networkName, "networkName");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(interfaceName, "interfaceName");
        }

        Attachment withInterface(Optional<String> name) {
            return new Attachment(networkId, networkName, settings, name);
        }
    }

    /** {@link io.shoal.engine.network.EndpointSettings} with addresses as text. */
    public record StoredEndpoint(
            List<String> aliases,
            Optional<String> ipv4,
            Optional<String> ipv6,
            Optional<String> mac,
            Map<String, String> driverOptions) {
        public StoredEndpoint {
            aliases = List.copyOf(aliases);
            Objects.requireNonNull(ipv4, "ipv4");
            Objects.requireNonNull(ipv6, "ipv6");
            Objects.requireNonNull(mac, "mac");
            driverOptions = Map.copyOf(driverOptions);
        }
    }

    /** {@link HostSettings} with ports as {@code "80/tcp"} keys. */
    public record StoredHost(
            String networkMode,
            Map<String, List<HostBinding>> portBindings,
            boolean publishAllPorts,
            boolean autoRemove,
            String restartPolicy,
            int restartRetries,
            List<String> dns,
            List<String> dnsSearch,
            List<String> dnsOptions,
            List<String> extraHosts) {
        public StoredHost {
            Objects.requireNonNull(networkMode, "networkMode");
            portBindings = Map.copyOf(portBindings);
            Objects.requireNonNull(restartPolicy, "restartPolicy");
            dns = List.copyOf(dns);
            dnsSearch = List.copyOf(dnsSearch);
            dnsOptions = List.copyOf(dnsOptions);
            extraHosts = List.copyOf(extraHosts);
        }
    }

    /**
     * {@link ContainerSpec} with JSON-natural parts. {@code attachStdin} and {@code stdinOnce} came later: a record
     * stored without them reads them as false.
     */
    public record StoredSpec(
            String image,
            List<String> cmd,
            List<String> entrypoint,
            List<String> env,
            Map<String, String> labels,
            Optional<String> hostname,
            String domainname,
            String user,
            String workingDir,
            boolean tty,
            boolean openStdin,
            boolean attachStdout,
            boolean attachStderr,
            List<String> exposedPorts,
            Optional<String> stopSignal,
            Optional<Integer> stopTimeoutSeconds,
            StoredHost host,
            Map<String, StoredEndpoint> endpoints,
            boolean attachStdin,
            boolean stdinOnce) {
        public StoredSpec {
            Objects.requireNonNull(image, "image");
            cmd = List.copyOf(cmd);
            entrypoint = List.copyOf(entrypoint);
            env = List.copyOf(env);
            labels = Map.copyOf(labels);
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(domainname, "domainname");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(workingDir, "workingDir");
            exposedPorts = List.copyOf(exposedPorts);
            Objects.requireNonNull(stopSignal, "stopSignal");
            Objects.requireNonNull(stopTimeoutSeconds, "stopTimeoutSeconds");
            Objects.requireNonNull(host, "host");
            endpoints = Map.copyOf(endpoints);
        }
    }

    ContainerRecord withState(ContainerState newState, Phase newPhase) {
        return new ContainerRecord(
                id,
                name,
                created,
                image,
                imageId,
                path,
                args,
                spec,
                networks,
                newState,
                newPhase,
                sandboxKey,
                ports,
                restartCount,
                manuallyStopped);
    }

    ContainerRecord withPhase(Phase newPhase) {
        return withState(state, newPhase);
    }

    ContainerRecord withNetworks(List<Attachment> newNetworks) {
        return new ContainerRecord(
                id,
                name,
                created,
                image,
                imageId,
                path,
                args,
                spec,
                newNetworks,
                state,
                phase,
                sandboxKey,
                ports,
                restartCount,
                manuallyStopped);
    }

    ContainerRecord withSandbox(Optional<String> key, Map<String, List<HostBinding>> newPorts) {
        return new ContainerRecord(
                id,
                name,
                created,
                image,
                imageId,
                path,
                args,
                spec,
                networks,
                state,
                phase,
                key,
                newPorts,
                restartCount,
                manuallyStopped);
    }

    ContainerRecord withRestart(int newRestartCount, boolean newManuallyStopped) {
        return new ContainerRecord(
                id,
                name,
                created,
                image,
                imageId,
                path,
                args,
                spec,
                networks,
                state,
                phase,
                sandboxKey,
                ports,
                newRestartCount,
                newManuallyStopped);
    }

    /** The 12-hex short id, also the sandbox's id. */
    String shortId() {
        return id.substring(0, 12);
    }
}
