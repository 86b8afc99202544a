package io.shoal.engine.container;

import io.shoal.engine.container.ContainerRecord.Attachment;
import io.shoal.engine.dns.NameService;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.image.ImageView;
import io.shoal.engine.network.EndpointSettings;
import io.shoal.engine.network.NetworkAttachments;
import io.shoal.engine.network.NetworkView;
import io.shoal.engine.sandbox.NetworkFiles;
import io.shoal.net.IpAddresses;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A create request checked and completed: the image's defaults merged Docker's way (a requested command replaces the
 * image's, a requested entrypoint replaces the image's and drops its command, environment is the image's then the
 * request's with a later name replacing an earlier one in its place, labels likewise), the networks resolved in
 * attach order (the network mode's first, then the others by name), ports, DNS settings and extra hosts validated.
 */
record CreateRequest(
        ContainerSpec spec, List<Attachment> networks, String path, List<String> args, List<String> warnings) {

    static CreateRequest prepare(ContainerSpec spec, ImageView image, NetworkAttachments networks, NameService dns)
            throws EngineException {
        List<String> warnings = new ArrayList<>();
        List<Attachment> attachments = resolveNetworks(spec, networks);
        boolean exclusive = exclusiveMode(attachments.get(0).networkName());
        PortRequests.of(spec.host().portBindings());
        if (exclusive && (!spec.host().portBindings().isEmpty() || spec.host().publishAllPorts())) {
            warnings.add("Published ports are discarded when using host network mode");
        }
        validateDns(spec.host(), dns);
        for (String extra : spec.host().extraHosts()) {
            NetworkFiles.parseExtraHost(extra);
        }
        RestartPolicy.validate(spec.host());
        if (!spec.user().isEmpty()
                && !spec.user().equals("root")
                && !spec.user().equals("0")) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT, "user " + spec.user() + ": only root is supported for now");
        }
        if (spec.stopSignal().isPresent()) {
            Signals.parse(spec.stopSignal().get());
        }
        List<String> entrypoint = spec.entrypoint().isEmpty() ? image.entrypoint() : spec.entrypoint();
        List<String> cmd =
                !spec.cmd().isEmpty() ? spec.cmd() : spec.entrypoint().isEmpty() ? image.cmd() : List.of();
        List<String> argv = new ArrayList<>(entrypoint);
        argv.addAll(cmd);
        if (argv.isEmpty()) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "No command specified");
        }
        Map<String, String> labels = new LinkedHashMap<>(image.labels());
        labels.putAll(spec.labels());
        Set<ContainerPort> exposed = new LinkedHashSet<>(spec.exposedPorts());
        exposed.addAll(spec.host().portBindings().keySet());
        ContainerSpec effective = new ContainerSpec(
                spec.image(),
                cmd,
                entrypoint,
                mergeEnv(image.env(), spec.env()),
                labels,
                spec.hostname(),
                spec.domainname(),
                spec.user(),
                spec.workingDir().isEmpty() ? image.workingDir() : spec.workingDir(),
                spec.tty(),
                spec.openStdin(),
                spec.attachStdout(),
                spec.attachStderr(),
                exposed,
                spec.stopSignal(),
                spec.stopTimeoutSeconds(),
                spec.host(),
                spec.endpoints(),
                spec.attachStdin(),
                spec.stdinOnce());
        return new CreateRequest(effective, attachments, argv.get(0), argv.subList(1, argv.size()), warnings);
    }

    /** Whether the network is one that excludes every other ({@code host}, {@code none}). */
    static boolean exclusiveMode(String networkName) {
        return networkName.equals("host") || networkName.equals("none");
    }

    static List<String> mergeEnv(List<String> base, List<String> overrides) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (List<String> list : List.of(base, overrides)) {
            for (String entry : list) {
                int eq = entry.indexOf('=');
                entries.put(eq < 0 ? entry : entry.substring(0, eq), entry);
            }
        }
        return new ArrayList<>(entries.values());
    }

    /**
     * The network named in a create request. Not found is INVALID_ARGUMENT (400), not 404: the docker CLI reads any 404
     * of a create as a missing image and starts a pull ("Unable to find image 'busybox:latest' locally").
     */
    private static NetworkView findNetwork(NetworkAttachments networks, String idOrName) throws EngineException {
        try {
            return networks.find(idOrName);
        } catch (EngineException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                throw e;
            }
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, e.getMessage(), e);
        }
    }

    private static List<Attachment> resolveNetworks(ContainerSpec spec, NetworkAttachments networks)
            throws EngineException {
        String mode = spec.host().networkMode();
        NetworkView main = findNetwork(networks, mode.isEmpty() || mode.equals("default") ? "bridge" : mode);
        EndpointSettings mainSettings = EndpointSettings.defaults();
        Map<String, Attachment> others = new LinkedHashMap<>();
        for (Map.Entry<String, EndpointSettings> entry : spec.endpoints().entrySet()) {
            String key = entry.getKey();
            NetworkView network = key.equals("default") || key.equals(mode) ? main : findNetwork(networks, key);
            if (network.id().equals(main.id())) {
                mainSettings = entry.getValue();
            } else {
                others.put(
                        network.id(),
                        new Attachment(
                                network.id(), network.name(), SpecCodec.store(entry.getValue()), Optional.empty()));
            }
        }
        if (exclusiveMode(main.name()) && !others.isEmpty()) {
            List<String> names = new ArrayList<>(List.of(main.name()));
            others.values().forEach(a -> names.add(a.networkName()));
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "Container cannot be connected to network endpoints: " + String.join(", ", names));
        }
        List<Attachment> result = new ArrayList<>();
        result.add(new Attachment(main.id(), main.name(), SpecCodec.store(mainSettings), Optional.empty()));
        others.values().stream()
                .sorted(Comparator.comparing(Attachment::networkName))
                .forEach(result::add);
        return result;
    }

    private static void validateDns(HostSettings host, NameService dns) throws EngineException {
        for (String server : host.dns()) {
            try {
                IpAddresses.parse(server);
            } catch (IllegalArgumentException e) {
                throw new EngineException(ErrorKind.INVALID_ARGUMENT, server + " is not an ip address");
            }
        }
        // The embedded DNS owns the option and search rules; asking it for a file checks them.
        dns.containerResolvConf("", host.dnsSearch(), host.dnsOptions());
    }
}
