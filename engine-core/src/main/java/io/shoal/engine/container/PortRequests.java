package io.shoal.engine.container;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.network.PortRequest;
import io.shoal.engine.network.PublishedPort;
import io.shoal.net.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker's port bindings as typed ({@link HostBinding}: host address text, host port {@code ""}, {@code "0"}, {@code
 * "8080"} or {@code "8000-8010"}) turned into the network side's {@link PortRequest}s, and the ports it published
 * back into bindings (host address {@code "0.0.0.0"} when every address was bound, as Docker shows it in {@code
 * NetworkSettings.Ports}; {@code docker port} prints it).
 */
final class PortRequests {
    private static final Pattern HOST_PORT = Pattern.compile("([0-9]{1,5})(?:-([0-9]{1,5}))?");

    /** How Docker names a binding on every host address. */
    static final String ANY_ADDRESS = "0.0.0.0";

    private PortRequests() {}

    /** The requests, in map order; INVALID_ARGUMENT naming the first bad address or port. */
    static List<PortRequest> of(Map<ContainerPort, List<HostBinding>> bindings) throws EngineException {
        List<PortRequest> requests = new ArrayList<>();
        for (Map.Entry<ContainerPort, List<HostBinding>> entry : bindings.entrySet()) {
            for (HostBinding binding : entry.getValue()) {
                requests.add(request(entry.getKey(), binding));
            }
        }
        return requests;
    }

    private static PortRequest request(ContainerPort port, HostBinding binding) throws EngineException {
        Optional<InetAddress> address = Optional.empty();
        if (!binding.hostIp().isEmpty()) {
            try {
                address = Optional.of(IpAddresses.parse(binding.hostIp()));
            } catch (IllegalArgumentException e) {
                throw new EngineException(ErrorKind.INVALID_ARGUMENT, "invalid IP address: " + binding.hostIp());
            }
        }
        if (binding.hostPort().isEmpty()) {
            return PortRequest.of(port, address, 0, 0);
        }
        Matcher matcher = HOST_PORT.matcher(binding.hostPort());
        if (!matcher.matches()) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "invalid host port '" + binding.hostPort() + "' for " + port + ": a port or a range low-high"
                            + " expected");
        }
        int low = Integer.parseInt(matcher.group(1));
        int high = matcher.group(2) == null ? low : Integer.parseInt(matcher.group(2));
        return PortRequest.of(port, address, low, high);
    }

    /** The published ports as Docker's bindings, grouped by container port. */
    static Map<ContainerPort, List<HostBinding>> bindings(List<PublishedPort> published) {
        Map<ContainerPort, List<HostBinding>> bindings = new LinkedHashMap<>();
        for (PublishedPort port : published) {
            bindings.computeIfAbsent(port.containerPort(), p -> new ArrayList<>())
                    .add(new HostBinding(
                            port.hostAddress().map(IpAddresses::format).orElse(ANY_ADDRESS),
                            String.valueOf(port.hostPort())));
        }
        return bindings;
    }
}
