package io.shoal.driver.vlan;

import io.shoal.spi.net.IpPrefix;
import io.shoal.spi.net.MacAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * An endpoint as the driver keeps it.
 *
 * @param mac the MAC address of its macvlan; for a passthru network, the parent's own
 * @param join where it is plugged in; empty until joined
 */
record MacvlanEndpoint(
        String networkId,
        String id,
        MacAddress mac,
        Optional<IpPrefix> ipv4,
        Optional<IpPrefix> ipv6,
        Optional<Join> join) {
    static final String TEMPORARY_PREFIX = "mvtmp";

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
    }

    MacvlanEndpoint joined(Join where) {
        return new MacvlanEndpoint(networkId, id, mac, ipv4, ipv6, Optional.of(where));
    }

    MacvlanEndpoint left() {
        return new MacvlanEndpoint(networkId, id, mac, ipv4, ipv6, Optional.empty());
    }

    /**
     * The macvlan's name in the host namespace during the moment between its creation and its move into the sandbox:
     * {@code mvtmp} and 10 hex digits of the SHA-256 of the network and endpoint ids. Two joins at once never pick the
     * same name, none can be the sandbox's final name ({@code eth0}), and a leftover from a crash is recognisable.
     */
    static String temporaryName(String networkId, String endpointId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((networkId + "/" + endpointId).getBytes(StandardCharsets.UTF_8));
            return TEMPORARY_PREFIX + HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
