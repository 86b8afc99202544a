package io.shoal.engine.api;

import io.shoal.engine.container.ContainerPort;
import io.shoal.engine.container.ContainerSpec;
import io.shoal.engine.container.ExecSpec;
import io.shoal.engine.container.HostBinding;
import io.shoal.engine.container.HostSettings;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.network.EndpointSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Request bodies of the container routes read into engine values: {@code POST /containers/create} (moby's {@code
 * container.CreateRequest}: the container {@code Config} at the top level, {@code HostConfig}, {@code
 * NetworkingConfig}) and {@code POST /containers/{id}/exec} ({@code ExecOptions}). Zero values and nulls are what the
 * CLI sends for everything unset; members Shoal does not honour are ignored.
 */
final class ContainerSpecs {
    private ContainerSpecs() {}

    /** The create request. */
    static ContainerSpec containerSpec(JsonBody body) throws EngineException {
        String image = body.string("Image");
        if (image.isBlank()) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "an image is required (Image)");
        }
        Set<ContainerPort> exposed = new LinkedHashSet<>();
        for (String port : body.keys("ExposedPorts")) {
            exposed.add(ContainerPort.parse(port));
        }
        String hostname = body.string("Hostname");
        String stopSignal = body.string("StopSignal");
        Optional<Integer> stopTimeout = body.intValue("StopTimeout");
        Map<String, EndpointSettings> endpoints = new LinkedHashMap<>();
        for (Map.Entry<String, JsonBody> endpoint :
                body.object("NetworkingConfig").objects("EndpointsConfig").entrySet()) {
            endpoints.put(endpoint.getKey(), NetworkRoutes.endpointSettings(endpoint.getValue()));
        }
        return new ContainerSpec(
                image,
                body.strings("Cmd"),
                body.strings("Entrypoint"),
                body.strings("Env"),
                body.stringMap("Labels"),
                hostname.isEmpty() ? Optional.empty() : Optional.of(hostname),
                body.string("Domainname"),
                body.string("User"),
                body.string("WorkingDir"),
                body.bool("Tty"),
                body.bool("OpenStdin"),
                body.bool("AttachStdout"),
                body.bool("AttachStderr"),
                exposed,
                stopSignal.isEmpty() ? Optional.empty() : Optional.of(stopSignal),
                stopTimeout,
                hostSettings(body.object("HostConfig")),
                endpoints,
                body.bool("AttachStdin"),
                body.bool("StdinOnce"));
    }

    /** The parts of {@code HostConfig} Shoal honours. */
    static HostSettings hostSettings(JsonBody host) throws EngineException {
        Map<ContainerPort, List<HostBinding>> bindings = new LinkedHashMap<>();
        JsonBody portBindings = host.object("PortBindings");
        for (String port : host.keys("PortBindings")) {
            List<HostBinding> list = new ArrayList<>();
            for (JsonBody binding : portBindings.objectList(port)) {
                list.add(new HostBinding(binding.string("HostIp"), binding.string("HostPort")));
            }
            bindings.put(ContainerPort.parse(port), list);
        }
        String networkMode = host.string("NetworkMode");
        JsonBody restart = host.object("RestartPolicy");
        String restartPolicy = restart.string("Name");
        return new HostSettings(
                networkMode.isEmpty() ? "default" : networkMode,
                bindings,
                host.bool("PublishAllPorts"),
                host.bool("AutoRemove"),
                restartPolicy.isEmpty() ? "no" : restartPolicy,
                restart.intValue("MaximumRetryCount").orElse(0),
                host.strings("Dns"),
                host.strings("DnsSearch"),
                host.strings("DnsOptions"),
                host.strings("ExtraHosts"));
    }

    /** The exec request ({@code AttachStdin}: {@code -i}, {@code Tty}: {@code -t}); a privileged one is refused. */
    static ExecSpec execSpec(JsonBody body) throws EngineException {
        List<String> cmd = body.strings("Cmd");
        if (cmd.isEmpty()) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "No exec command specified");
        }
        if (body.bool("Privileged")) {
            throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "privileged exec is not supported");
        }
        return new ExecSpec(
                cmd,
                body.strings("Env"),
                body.string("User"),
                body.string("WorkingDir"),
                body.bool("AttachStdout"),
                body.bool("AttachStderr"),
                body.bool("AttachStdin"),
                body.bool("Tty"),
                body.naturals("ConsoleSize"));
    }
}
