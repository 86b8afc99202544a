package io.shoal.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A network as the engine asks a driver to make it ({@link NetworkDriver#createNetwork}; libnetwork's {@code
 * CreateNetwork}).
 *
 * @param id the engine's network id: 64 lower-case hex digits, as Docker makes them; drivers name kernel objects
 *     after its first 12 (e.g. {@code br-0123456789ab})
 * @param name the user's name for it
 * @param options driver options ({@code -o key=value}), checked by the driver
 * @param labels user labels; the driver stores them but gives them no meaning
 * @param ipv4 IPv4 pools IPAM handed out (usually one)
 * @param ipv6 IPv6 pools; empty unless IPv6 is enabled
 * @param internal true for {@code --internal}: no way out of the network
 */
public record NetworkConfig(
        String id,
        String name,
        DriverOptions options,
        Map<String, String> labels,
        List<IpamData> ipv4,
        List<IpamData> ipv6,
        boolean internal) {
    /** @throws NullPointerException when a component is null */
    public NetworkConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        labels = Map.copyOf(labels);
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
    }
}
