package io.shoal.bench;

import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.IpamData;
import io.shoal.spi.NetworkConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dual-stack addresses a driver bench gives its networks and endpoints, one {@code block} per bench so that two
 * benches never overlap: network {@code third} is {@code 10.BLOCK.THIRD.0/24} (gateway {@code .1}) and {@code
 * fdBLOCK:0:THIRD::/64} (gateway {@code ::1}, THIRD in hex); its endpoint {@code n} has host number {@code n + 2} in
 * both. {@code third} is 0 to 255.
 */
public record BenchAddressing(int block) {
    /** A network named {@code bench} + the id's last four characters, with the driver {@code options}. */
    public NetworkConfig network(String id, int third, DriverOptions options) {
        String v6 = "fd" + block + ":0:" + Integer.toHexString(third) + "::";
        IpamData ipv4 = new IpamData(
                "local",
                IpPrefix.parse("10." + block + "." + third + ".0/24"),
                Optional.of(IpPrefix.parse("10." + block + "." + third + ".1/24")),
                Map.of());
        IpamData ipv6 =
                new IpamData("local", IpPrefix.parse(v6 + "/64"), Optional.of(IpPrefix.parse(v6 + "1/64")), Map.of());
        return new NetworkConfig(
                id, "bench" + id.substring(60), options, Map.of(), List.of(ipv4), List.of(ipv6), false);
    }

    /** Endpoint {@code n} of network {@code third}, both families, no MAC address or options. */
    public EndpointConfig endpoint(String networkId, String endpointId, int third, int n) {
        return new EndpointConfig(
                networkId,
                endpointId,
                Optional.of(IpPrefix.parse("10." + block + "." + third + "." + (n + 2) + "/24")),
                Optional.of(IpPrefix.parse(
                        "fd" + block + ":0:" + Integer.toHexString(third) + "::" + Integer.toHexString(n + 2) + "/64")),
                Optional.empty(),
                DriverOptions.empty());
    }

    /** These addresses as {@link JoinCosts} asks for them, every network with {@code options}. */
    public JoinCosts.Shapes shapes(DriverOptions options) {
        return new JoinCosts.Shapes() {
            @Override
            public NetworkConfig network(String id, int third) {
                return BenchAddressing.this.network(id, third, options);
            }

            @Override
            public EndpointConfig endpoint(String networkId, String endpointId, int third, int n) {
                return BenchAddressing.this.endpoint(networkId, endpointId, third, n);
            }
        };
    }
}
