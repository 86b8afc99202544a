package io.shoal.engine.container;

import io.shoal.engine.network.EndpointSettings;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code POST /containers/create} request as the engine sees it (Docker Engine API {@code ContainerConfig} plus
 * {@code HostConfig} and {@code NetworkingConfig}): the image reference exactly as typed ({@code busybox} means
 * {@code busybox:latest}), command and entrypoint (empty: the image's), environment ({@code NAME=value}), labels,
 * hostname (absent: the 12-hex short id), domain name, user, working directory, whether the container has a terminal
 * ({@code Tty}) and a standard input kept open ({@code OpenStdin}), whether the output streams are attached, exposed
 * ports, the host settings, and the per-network endpoint settings keyed by network name or id ({@code
 * NetworkingConfig.EndpointsConfig}; the network of {@code HostSettings.networkMode} may be missing from it), and
 * whether stdin is attached ({@code AttachStdin}) and closed after the first attach that carried it ends ({@code
 * StdinOnce}: {@code docker run -i}).
 */
public record ContainerSpec(
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
        Set<ContainerPort> exposedPorts,
        Optional<String> stopSignal,
        Optional<Integer> stopTimeoutSeconds,
        HostSettings host,
        Map<String, EndpointSettings> endpoints,
        boolean attachStdin,
        boolean stdinOnce) {
    public ContainerSpec {
        Objects.requireNonNull(image, "image");
        cmd = List.copyOf(cmd);
        entrypoint = List.copyOf(entrypoint);
        env = List.copyOf(env);
        labels = Map.copyOf(labels);
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(domainname, "domainname");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(workingDir, "workingDir");
        exposedPorts = Set.copyOf(exposedPorts);
        Objects.requireNonNull(stopSignal, "stopSignal");
        Objects.requireNonNull(stopTimeoutSeconds, "stopTimeoutSeconds");
        Objects.requireNonNull(host, "host");
        endpoints = Map.copyOf(endpoints);
    }

    /** A spec without stdin attached ({@code AttachStdin} and {@code StdinOnce} false). */
    public ContainerSpec(
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
            Set<ContainerPort> exposedPorts,
            Optional<String> stopSignal,
            Optional<Integer> stopTimeoutSeconds,
            HostSettings host,
            Map<String, EndpointSettings> endpoints) {
        this(
                image,
                cmd,
                entrypoint,
                env,
                labels,
                hostname,
                domainname,
                user,
                workingDir,
                tty,
                openStdin,
                attachStdout,
                attachStderr,
                exposedPorts,
                stopSignal,
                stopTimeoutSeconds,
                host,
                endpoints,
                false,
                false);
    }

    /** This spec with {@code replaced} as its per-network endpoint settings (keyed by network name or id). */
    public ContainerSpec withEndpoints(Map<String, EndpointSettings> replaced) {
        return new ContainerSpec(
                image,
                cmd,
                entrypoint,
                env,
                labels,
                hostname,
                domainname,
                user,
                workingDir,
                tty,
                openStdin,
                attachStdout,
                attachStderr,
                exposedPorts,
                stopSignal,
                stopTimeoutSeconds,
                host,
                replaced,
                attachStdin,
                stdinOnce);
    }
}
