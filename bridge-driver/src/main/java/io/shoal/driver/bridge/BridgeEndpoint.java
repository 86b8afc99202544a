package io.shoal.driver.bridge;

import io.shoal.driver.support.EndpointPhase;
import io.shoal.driver.support.EndpointRecord;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.spi.PortBinding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An endpoint as the driver keeps it.
 *
 * @param join where it is (or is being) plugged in; empty when {@code IDLE}
 * @param ports its published ports; empty unless external connectivity was programmed
 * @param phase {@code IDLE}, or where its join is
 */
record BridgeEndpoint(
        String networkId,
        String id,
        MacAddress mac,
        Optional<IpPrefix> ipv4,
        Optional<IpPrefix> ipv6,
        Optional<Join> join,
        List<PortBinding> ports,
        EndpointPhase phase)
        implements EndpointRecord<BridgeEndpoint> {
    /**
     * The kernel side of a join.
     *
     * @param hostVeth the veth end on the bridge, in the host namespace
     * @param sandbox the sandbox's namespace file
     * @param interfaceName the interface inside the sandbox; for a hand-over, the container end's temporary name in
     *     the host namespace, which the engine renames as it moves it
     * @param handedOver true when the engine moves the container end into the sandbox itself ({@link
     *     io.shoal.spi.InterfaceHandOver}): the driver never opens the sandbox for this endpoint
     */
    record Join(String hostVeth, Path sandbox, String interfaceName, boolean handedOver) {
        Join {
            Objects.requireNonNull(hostVeth, "hostVeth");
            Objects.requireNonNull(sandbox, "sandbox");
            Objects.requireNonNull(interfaceName, "interfaceName");
        }

        /** A join the driver plugs into the sandbox itself. */
        Join(String hostVeth, Path sandbox, String interfaceName) {
            this(hostVeth, sandbox, interfaceName, false);
        }
    }

    BridgeEndpoint {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mac, "mac");
        ports = List.copyOf(ports);
        Objects.requireNonNull(phase, "phase");
        if (join.isPresent() == (phase == EndpointPhase.IDLE)) {
            throw new IllegalArgumentException("endpoint " + id + " is " + phase + " with join " + join);
        }
    }

    /** The endpoint about to be plugged in at {@code where}. */
    BridgeEndpoint joining(Join where) {
        return new BridgeEndpoint(networkId, id, mac, ipv4, ipv6, Optional.of(where), ports, EndpointPhase.JOINING);
    }

    @Override
    public BridgeEndpoint inPhase(EndpointPhase next) {
        return new BridgeEndpoint(networkId, id, mac, ipv4, ipv6, join, ports, next);
    }

    @Override
    public BridgeEndpoint left() {
        return new BridgeEndpoint(networkId, id, mac, ipv4, ipv6, Optional.empty(), List.of(), EndpointPhase.IDLE);
    }

    BridgeEndpoint withPorts(List<PortBinding> published) {
        return new BridgeEndpoint(networkId, id, mac, ipv4, ipv6, join, published, phase);
    }

    /**
     * The name the sandbox end of the pair whose host end is {@code hostVeth} takes when leave retires it: {@code shv}
     * and the host end's 11 hex digits, so it is unique as the host end's name is and never a name the engine gives.
     */
    static String tombstone(String hostVeth) {
        return "shv" + hostVeth.substring("veth".length());
    }

    /**
     * The host-side veth's name: {@code veth} and 11 hex digits of the SHA-256 of the network and endpoint ids, so it
     * fits IFNAMSIZ, does not depend on how ids are chosen, and is the same after a restart.
     */
    static String hostVethName(String networkId, String endpointId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((networkId + "/" + endpointId).getBytes(StandardCharsets.UTF_8));
            return "veth" + HexFormat.of().formatHex(digest).substring(0, 11);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
