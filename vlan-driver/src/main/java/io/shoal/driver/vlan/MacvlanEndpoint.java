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
 * @param handedBack after the leave of a handed-over join ({@link io.shoal.spi.InterfaceHandOver}): the temporary name
 *     under which the engine moves the macvlan back into the host namespace as it takes it out of its sandbox (dockerd
 *     does so after the leave); {@code deleteEndpoint} or the next join deletes a link of that name there. Empty
 *     otherwise
 */
record MacvlanEndpoint(
        String networkId,
        String id,
        MacAddress mac,
        Optional<IpPrefix> ipv4,
        Optional<IpPrefix> ipv6,
        Optional<Join> join,
        EndpointPhase phase,
        Optional<String> handedBack)
        implements EndpointRecord<MacvlanEndpoint> {
    /**
     * The kernel side of a join: the macvlan lives in the sandbox only (there is no host-side half).
     *
     * @param sandbox the sandbox's namespace file
     * @param interfaceName the macvlan's name inside the sandbox; for a hand-over, its temporary name in the host
     *     namespace, which the engine changes as it moves it into the sandbox
     * @param handedOver true when the engine moves the macvlan into the sandbox itself ({@link
     *     io.shoal.spi.InterfaceHandOver}): the driver never opens the sandbox for this endpoint
     */
    record Join(Path sandbox, String interfaceName, boolean handedOver) {
        Join {
            Objects.requireNonNull(sandbox, "sandbox");
            Objects.requireNonNull(interfaceName, "interfaceName");
        }

        /** A join the driver plugs into the sandbox itself. */
        Join(Path sandbox, String interfaceName) {
            this(sandbox, interfaceName, false);
        }
    }

    /** An endpoint that has no handed-back macvlan to delete. */
    MacvlanEndpoint(
            String networkId,
            String id,
            MacAddress mac,
            Optional<IpPrefix> ipv4,
            Optional<IpPrefix> ipv6,
            Optional<Join> join,
            EndpointPhase phase) {
        this(networkId, id, mac, ipv4, ipv6, join, phase, Optional.empty());
    }

    MacvlanEndpoint {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(ipv4, "ipv4");
        Objects.requireNonNull(ipv6, "ipv6");
        Objects.requireNonNull(join, "join");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(handedBack, "handedBack");
        if (join.isPresent() == (phase == EndpointPhase.IDLE)) {
            throw new IllegalArgumentException("endpoint " + id + " is " + phase + " with join " + join);
        }
    }

    /**
     * The endpoint about to be plugged in at {@code where}; a handed-back name stays until the join has deleted that
     * link.
     */
    MacvlanEndpoint joining(Join where) {
        return new MacvlanEndpoint(
                networkId, id, mac, ipv4, ipv6, Optional.of(where), EndpointPhase.JOINING, handedBack);
    }

    /** The endpoint plugged in at {@code where}. */
    MacvlanEndpoint joined(Join where) {
        return new MacvlanEndpoint(networkId, id, mac, ipv4, ipv6, Optional.of(where), EndpointPhase.JOINED);
    }

    @Override
    public MacvlanEndpoint inPhase(EndpointPhase next) {
        return new MacvlanEndpoint(
                networkId,
                id,
                mac,
                ipv4,
                ipv6,
                join,
                next,
                next == EndpointPhase.JOINED ? Optional.empty() : handedBack);
    }

    /** Idle; after a handed-over join, naming the macvlan the engine gives back ({@link #handedBack}). */
    @Override
    public MacvlanEndpoint left() {
        Optional<String> back =
                join.filter(Join::handedOver).map(Join::interfaceName).or(() -> handedBack);
        return new MacvlanEndpoint(networkId, id, mac, ipv4, ipv6, Optional.empty(), EndpointPhase.IDLE, back);
    }

    /** The endpoint with no handed-back macvlan left to delete. */
    MacvlanEndpoint withoutHandedBack() {
        return new MacvlanEndpoint(networkId, id, mac, ipv4, ipv6, join, phase);
    }
}
