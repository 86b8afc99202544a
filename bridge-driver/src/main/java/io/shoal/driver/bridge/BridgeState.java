package io.shoal.driver.bridge;

import io.shoal.driver.support.KeyedRecords;
import io.shoal.driver.support.RecordText;
import io.shoal.spi.DriverStore;
import io.shoal.spi.PortBinding;
import io.shoal.spi.net.IpPrefix;
import io.shoal.spi.net.MacAddress;
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
 *   <li>endpoint: {@code network id mac ipv4 ipv6}, when joined {@code host-veth sandbox interface}, and per
 *       published port {@code port.N = PROTO|HOST-ADDRESS|HOST-PORT|CONTAINER-PORT}
 * </ul>
 */
final class BridgeState {
    private final KeyedRecords<BridgeNetwork> networks;
    private final KeyedRecords<BridgeEndpoint> endpoints;

    BridgeState(DriverStore store) {
        this.networks = new KeyedRecords<>(
                store, "network/", BridgeNetwork::id, BridgeState::encode, BridgeState::decodeNetwork);
        this.endpoints = new KeyedRecords<>(
                store,
                "endpoint/",
                e -> e.networkId() + "/" + e.id(),
                BridgeState::encode,
                BridgeState::decodeEndpoint);
    }

    void save(BridgeNetwork network) {
        networks.save(network);
    }

    void remove(BridgeNetwork network) {
        networks.remove(network);
    }

    void save(BridgeEndpoint endpoint) {
        endpoints.save(endpoint);
    }

    void remove(BridgeEndpoint endpoint) {
        endpoints.remove(endpoint);
    }

    List<BridgeNetwork> networks() {
        return networks.all();
    }

    List<BridgeEndpoint> endpoints() {
        return endpoints.all();
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
        options.hostBindingIpv4().ifPresent(a -> out.put("host-binding-ipv4", IpPrefix.compactHost(a)));
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
                Optional.ofNullable(in.getProperty("host-binding-ipv4")).map(IpPrefix::parseAddress));
        return new BridgeNetwork(
                in.getProperty("id"),
                in.getProperty("name"),
                options,
                RecordText.pools(in, "ipv4"),
                RecordText.pools(in, "ipv6"),
                Boolean.parseBoolean(in.getProperty("internal")),
                Boolean.parseBoolean(in.getProperty("owns-bridge")),
                BridgeNetwork.Phase.valueOf(in.getProperty("phase")));
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
        });
        for (int i = 0; i < endpoint.ports().size(); i++) {
            PortBinding port = endpoint.ports().get(i);
            out.put(
                    "port." + i,
                    port.protocol().name() + "|"
                            + port.hostAddress().map(IpPrefix::compactHost).orElse("") + "|" + port.hostPort() + "|"
                            + port.containerPort());
        }
        return RecordText.text(out);
    }

    static BridgeEndpoint decodeEndpoint(String text) {
        Properties in = RecordText.properties(text, "bridge driver");
        Optional<BridgeEndpoint.Join> join = Optional.ofNullable(in.getProperty("host-veth"))
                .map(veth ->
                        new BridgeEndpoint.Join(veth, Path.of(in.getProperty("sandbox")), in.getProperty("interface")));
        List<PortBinding> ports = new ArrayList<>();
        for (int i = 0; in.containsKey("port." + i); i++) {
            String[] parts = in.getProperty("port." + i).split("\\|", -1);
            ports.add(new PortBinding(
                    PortBinding.Protocol.valueOf(parts[0]),
                    parts[1].isEmpty() ? Optional.empty() : Optional.of(IpPrefix.parseAddress(parts[1])),
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
                ports);
    }
}
