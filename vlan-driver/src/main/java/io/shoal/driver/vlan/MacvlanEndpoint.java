package io.shoal.driver.vlan;

import io.shoal.driver.support.EndpointPhase;
import io.shoal.driver.support.EndpointRecord;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * An endpoint as the driver keeps it.
 *
 * @param mac the MAC address of its macvlan; for a passthru network, the parent's own
 * @param join where it is (or is being) plugged in; empty when {@code IDLE}
 * @param phase {@code IDLE}, or where its join is
 */
record MacvlanEndpoint(
        String networkId,
        String id,
        MacAddress mac,
        Optional<IpPrefix> ipv4,
        Optional<IpPrefix> ipv6,
        Optional<Join> join,
        EndpointPhase phase)
        implements EndpointRecord<MacvlanEndpoint> {
    /**
     * The kernel side of a join: the macvlan lives in the sandbox only (there is no host-side half).
     *
     * @param sandbox the sandbox's namespace file
     * @param interfaceName the macvlan's name inside the sandbox
     */
    record Join(Path sandbox, String interfaceName) {
        Join {
            Objects.requireNonNull(sandbox, "sandbox");
            Objects.requireNonNull(interfaceName, "interfaceName");
        }
    }

    MacvlanEndpoint {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(ipv4, "ipv4");
        Objects.requireNonNull(ipv6, "ipv6");
        Objects.requireNonNull(join, "join");
        Objects.requireNonNull(phase, "phase");
        if (join.isPresent() == (phase == EndpointPhase.IDLE)) {
            throw new IllegalArgumentException("endpoint " + id + " is " + phase + " with join " + join);
        }
    }

    /** The endpoint about to be plugged in at {@code where}. */
    MacvlanEndpoint joining(Join where) {
        return new MacvlanEndpoint(networkId, id, mac, ipv4, ipv6, Optional.of(where), EndpointPhase.JOINING);
    }

    /** The endpoint plugged in at {@code where}. */
    MacvlanEndpoint joined(Join where) {
        return new MacvlanEndpoint(networkId, id, mac, ipv4, ipv6, Optional.of(where), EndpointPhase.JOINED);
    }

    @Override
    public MacvlanEndpoint inPhase(EndpointPhase next) {
        return new MacvlanEndpoint(networkId, id, mac, ipv4, ipv6, join, next);
    }

    @Override
    public MacvlanEndpoint left() {
        return new MacvlanEndpoint(networkId, id, mac, ipv4, ipv6, Optional.empty(), EndpointPhase.IDLE);
    }
}
