package io.shoal.driver.bridge;

import io.shoal.driver.support.DriverRecords;
import io.shoal.driver.support.EndpointPhase;
import io.shoal.driver.support.NetworkPhase;
import io.shoal.driver.support.RecordText;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.spi.DriverStore;
import io.shoal.spi.PortBinding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The bridge driver's records in the engine's store, one entry per network ({@code network/ID}) and per endpoint
 * ({@code endpoint/NETWORK/ID}), each a small {@code java.util.Properties} text. The format:
 *
 * <ul>
 *   <li>network: {@code id name internal owns-bridge phase bridge masquerade icc mtu host-binding-ipv4} (older
 *       records may also hold {@code interface-prefix}, which is ignored) and per pool {@code ipv4.N.space ipv4.N.pool ipv4.N.gateway ipv4.N.aux.NAME} (same for
 *       {@code ipv6.N})
 *   <li>endpoint: {@code network id mac ipv4 ipv6}, when joining, joined or leaving {@code host-veth sandbox
 *       interface}, per published port {@code port.N = PROTO|HOST-ADDRESS|HOST-PORT|CONTAINER-PORT}, and {@code
 *       phase} ({@code JOINING} or {@code LEAVING}) only while a join or leave is under way: a record without it is
 *       {@code JOINED} when it names a host veth and {@code IDLE} otherwise, as the first version wrote them all
 * </ul>
 *
 * <p>Records the first version wrote are kept as golden files in src/test/resources/records.
 */
final class BridgeState {
    private BridgeState() {}

    static DriverRecords<BridgeNetwork, BridgeEndpoint> records(DriverStore store) {
        return new DriverRecords<>(
                store,
                BridgeState::encode,
                BridgeState::decodeNetwork,
                BridgeState::encode,
                BridgeState::decodeEndpoint);
    }

    static String encode(BridgeNetwork network) {
        Map<String, String> out = new TreeMap<>();
        out.put("id", network.id());
        out.put("name", network.name());
        out.put("internal", Boolean.toString(network.internal()));
        out.put("owns-bridge", Boolean.toString(network.ownsBridge()));
        out.put("phase", network.phase().name());
        BridgeOptions options = network.options();
        out.put("bridge", options.bridgeName());
        out.put("masquerade", Boolean.toString(options.masquerade()));
        out.put("icc", Boolean.toString(options.interContainer()));
        out.put("mtu", Integer.toString(options.mtu()));
        options.hostBindingIpv4().ifPresent(a -> out.put("host-binding-ipv4", IpAddresses.format(a)));
        RecordText.putPools(out, "ipv4", network.ipv4());
        RecordText.putPools(out, "ipv6", network.ipv6());
        return RecordText.text(out);
    }

    static BridgeNetwork decodeNetwork(String text) {
        Properties in = RecordText.properties(text, "bridge driver");
        BridgeOptions options = new BridgeOptions(
                in.getProperty("bridge"),
                Boolean.parseBoolean(in.getProperty("masquerade")),
                Boolean.parseBoolean(in.getProperty("icc")),
                Integer.parseInt(in.getProperty("mtu")),
                Optional.ofNullable(in.getProperty("host-binding-ipv4")).map(IpAddresses::parse));
        return new BridgeNetwork(
                in.getProperty("id"),
                in.getProperty("name"),
                options,
                RecordText.pools(in, "ipv4"),
                RecordText.pools(in, "ipv6"),
                Boolean.parseBoolean(in.getProperty("internal")),
                Boolean.parseBoolean(in.getProperty("owns-bridge")),
                NetworkPhase.valueOf(in.getProperty("phase")));
    }

    static String encode(BridgeEndpoint endpoint) {
        Map<String, String> out = new TreeMap<>();
        out.put("network", endpoint.networkId());
        out.put("id", endpoint.id());
        out.put("mac", endpoint.mac().toString());
        endpoint.ipv4().ifPresent(a -> out.put("ipv4", a.toString()));
        endpoint.ipv6().ifPresent(a -> out.put("ipv6", a.toString()));
        endpoint.join().ifPresent(join -> {
            out.put("host-veth", join.hostVeth());
            out.put("sandbox", join.sandbox().toString());
            out.put("interface", join.interfaceName());
            if (join.handedOver()) {
                out.put("handed-over", "true");
            }
        });
        if (endpoint.phase() == EndpointPhase.JOINING || endpoint.phase() == EndpointPhase.LEAVING) {
            out.put("phase", endpoint.phase().name());
        }
        for (int i = 0; i < endpoint.ports().size(); i++) {
            PortBinding port = endpoint.ports().get(i);
            out.put(
                    "port." + i,
                    port.protocol().name() + "|"
                            + port.hostAddress().map(IpAddresses::format).orElse("") + "|" + port.hostPort() + "|"
                            + port.containerPort());
        }
        return RecordText.text(out);
    }

    static BridgeEndpoint decodeEndpoint(String text) {
        Properties in = RecordText.properties(text, "bridge driver");
        Optional<BridgeEndpoint.Join> join = Optional.ofNullable(in.getProperty("host-veth"))
                .map(veth -> new BridgeEndpoint.Join(
                        veth,
                        Path.of(in.getProperty("sandbox")),
                        in.getProperty("interface"),
                        Boolean.parseBoolean(in.getProperty("handed-over"))));
        List<PortBinding> ports = new ArrayList<>();
        for (int i = 0; in.containsKey("port." + i); i++) {
            String[] parts = in.getProperty("port." + i).split("\\|", -1);
            ports.add(new PortBinding(
                    PortBinding.Protocol.valueOf(parts[0]),
                    parts[1].isEmpty() ? Optional.empty() : Optional.of(IpAddresses.parse(parts[1])),
                    Integer.parseInt(parts[2]),
                    Integer.parseInt(parts[3])));
        }
        return new BridgeEndpoint(
                in.getProperty("network"),
                in.getProperty("id"),
                MacAddress.parse(in.getProperty("mac")),
                Optional.ofNullable(in.getProperty("ipv4")).map(IpPrefix::parse),
                Optional.ofNullable(in.getProperty("ipv6")).map(IpPrefix::parse),
                join,
                ports,
                Optional.ofNullable(in.getProperty("phase"))
                        .map(EndpointPhase::valueOf)
                        .orElse(join.isPresent() ? EndpointPhase.JOINED : EndpointPhase.IDLE));
    }
}
