package io.shoal.engine.container;

import io.shoal.engine.container.ContainerRecord.StoredEndpoint;
import io.shoal.engine.container.ContainerRecord.StoredHost;
import io.shoal.engine.container.ContainerRecord.StoredSpec;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.network.EndpointSettings;
import io.shoal.net.IpAddresses;
import io.shoal.net.MacAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the API's spec values into stored records and back. */
final class SpecCodec {
    private SpecCodec() {}

    static StoredSpec store(ContainerSpec spec) {
        Map<String, StoredEndpoint> endpoints = new LinkedHashMap<>();
        spec.endpoints().forEach((network, settings) -> endpoints.put(network, store(settings)));
        List<String> exposed = new ArrayList<>();
        spec.exposedPorts().forEach(port -> exposed.add(port.toString()));
        exposed.sort(null);
        HostSettings host = spec.host();
        StoredHost storedHost = new StoredHost(
                host.networkMode(),
                storePorts(host.portBindings()),
                host.publishAllPorts(),
                host.autoRemove(),
                host.restartPolicy(),
                host.restartRetries(),
                host.dns(),
                host.dnsSearch(),
                host.dnsOptions(),
                host.extraHosts());
        return new StoredSpec(
                spec.image(),
                spec.cmd(),
                spec.entrypoint(),
                spec.env(),
                spec.labels(),
                spec.hostname(),
                spec.domainname(),
                spec.user(),
                spec.workingDir(),
                spec.tty(),
                spec.openStdin(),
                spec.attachStdout(),
                spec.attachStderr(),
                exposed,
                spec.stopSignal(),
                spec.stopTimeoutSeconds(),
                storedHost,
                endpoints,
                spec.attachStdin(),
                spec.stdinOnce());
    }

    static ContainerSpec load(StoredSpec stored) throws EngineException {
        Map<String, EndpointSettings> endpoints = new LinkedHashMap<>();
        for (Map.Entry<String, StoredEndpoint> entry : stored.endpoints().entrySet()) {
            endpoints.put(entry.getKey(), load(entry.getValue()));
        }
        Set<ContainerPort> exposed = new LinkedHashSet<>();
        for (String port : stored.exposedPorts()) {
            exposed.add(ContainerPort.parse(port));
        }
        StoredHost host = stored.host();
        HostSettings settings = new HostSettings(
                host.networkMode(),
                loadPorts(host.portBindings()),
                host.publishAllPorts(),
                host.autoRemove(),
                host.restartPolicy(),
                host.restartRetries(),
                host.dns(),
                host.dnsSearch(),
                host.dnsOptions(),
                host.extraHosts());
        return new ContainerSpec(
                stored.image(),
                stored.cmd(),
                stored.entrypoint(),
                stored.env(),
                stored.labels(),
                stored.hostname(),
                stored.domainname(),
                stored.user(),
                stored.workingDir(),
                stored.tty(),
                stored.openStdin(),
                stored.attachStdout(),
                stored.attachStderr(),
                exposed,
                stored.stopSignal(),
                stored.stopTimeoutSeconds(),
                settings,
                endpoints,
                stored.attachStdin(),
                stored.stdinOnce());
    }

    static StoredEndpoint store(EndpointSettings settings) {
        return new StoredEndpoint(
                settings.aliases(),
                settings.ipv4().map(IpAddresses::format),
                settings.ipv6().map(IpAddresses::format),
                settings.mac().map(MacAddress::toString),
                settings.driverOptions());
    }

    static EndpointSettings load(StoredEndpoint stored) throws EngineException {
        try {
            return new EndpointSettings(
                    stored.aliases(),
                    stored.ipv4().map(IpAddresses::parse),
                    stored.ipv6().map(IpAddresses::parse),
                    stored.mac().map(MacAddress::parse),
                    stored.driverOptions());
        } catch (IllegalArgumentException e) {
            throw new EngineException(ErrorKind.INTERNAL, "stored endpoint settings unreadable: " + e.getMessage(), e);
        }
    }

    static Map<String, List<HostBinding>> storePorts(Map<ContainerPort, List<HostBinding>> ports) {
        Map<String, List<HostBinding>> stored = new LinkedHashMap<>();
        ports.forEach((port, bindings) -> stored.put(port.toString(), List.copyOf(bindings)));
        return stored;
    }

    static Map<ContainerPort, List<HostBinding>> loadPorts(Map<String, List<HostBinding>> stored)
            throws EngineException {
        Map<ContainerPort, List<HostBinding>> ports = new LinkedHashMap<>();
        for (Map.Entry<String, List<HostBinding>> entry : stored.entrySet()) {
            ports.put(ContainerPort.parse(entry.getKey()), entry.getValue());
        }
        return ports;
    }
}
