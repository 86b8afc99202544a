package io.shoal.engine.sandbox;

import io.shoal.engine.network.EndpointView;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which of a sandbox's endpoints gives its default route, per address family, Docker's way.
 *
 * <p>Endpoints are ordered as libnetwork orders a sandbox's endpoints ({@code epHeap.Less} in {@code sandbox.go} of
 * the libnetwork Docker 20.10 vendors): endpoints on internal networks last; then dual-stack endpoints (a gateway of
 * each family) before the others; then by network name. libnetwork's per-endpoint priority does not exist in Shoal (it
 * is 0 for all). For each family the first endpoint in that order with a gateway of the family gives the route, as
 * Docker 28 chooses an IPv4 and an IPv6 gateway endpoint separately; an endpoint on an internal network never does,
 * even when it is the only one (an internal network has no way out). Attach order does not matter.
 */
public final class DefaultRoutes {
    private DefaultRoutes() {}

    /** One endpoint as the choice sees it: its view, its network's internal flag, and its interface in the sandbox. */
    public record Candidate(EndpointView endpoint, boolean internal, String interfaceName) {
        public Candidate {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(interfaceName, "interfaceName");
        }

        boolean dualStack() {
            return endpoint.gatewayV4().isPresent() && endpoint.gatewayV6().isPresent();
        }
    }

    /** The gateway endpoint of each family; empty when no endpoint offers one. */
    public record Choice(Optional<Candidate> ipv4, Optional<Candidate> ipv6) {
        public Choice {
            Objects.requireNonNull(ipv4, "ipv4");
            Objects.requireNonNull(ipv6, "ipv6");
        }

        /** The gateway address of the family, if any. */
        public Optional<InetAddress> gateway(boolean v6) {
            Optional<Candidate> candidate = v6 ? ipv6 : ipv4;
            return candidate.flatMap(
                    c -> v6 ? c.endpoint().gatewayV6() : c.endpoint().gatewayV4());
        }
    }

    /** Chooses the gateway endpoints among {@code candidates} (any order). */
    public static Choice choose(List<Candidate> candidates) {
        List<Candidate> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparing(Candidate::internal)
                .thenComparing(c -> !c.dualStack())
                .thenComparing(c -> c.endpoint().networkName()));
        Optional<Candidate> v4 = ordered.stream()
                .filter(c -> !c.internal() && c.endpoint().gatewayV4().isPresent())
                .findFirst();
        Optional<Candidate> v6 = ordered.stream()
                .filter(c -> !c.internal() && c.endpoint().gatewayV6().isPresent())
                .findFirst();
        return new Choice(v4, v6);
    }
}
