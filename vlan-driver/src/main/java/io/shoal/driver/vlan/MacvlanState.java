package io.shoal.driver.vlan;

import io.shoal.spi.DriverException;
import io.shoal.spi.DriverStore;
import io.shoal.spi.IpamData;
import io.shoal.spi.net.IpPrefix;
import io.shoal.spi.net.MacAddress;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The macvlan driver's records in the engine's store, one entry per network ({@code network/ID}) and per endpoint
 * ({@code endpoint/NETWORK/ID}), each a small {@code java.util.Properties} text:
 *
 * <ul>
 *   <li>network: {@code id name mode internal phase parent parent-origin}, {@code requested-parent} when the user gave
 *       one, and per pool {@code ipv4.N.space ipv4.N.pool ipv4.N.gateway ipv4.N.aux.NAME} (same for {@code ipv6.N}).
 *       {@code parent-origin} is {@code ADOPTED} (existed before; never deleted), {@code SUB_INTERFACE}, {@code DUMMY}
 *       or {@code VETH_PAIR} (made by the driver, deleted with the network)
 *   <li>endpoint: {@code network id mac ipv4 ipv6}, and when joined {@code sandbox interface}
 * </ul>
 */
final class MacvlanState {
    private static final String NETWORK = "network/";
    private static final String ENDPOINT = "endpoint/";

    private final DriverStore store;

    MacvlanState(DriverStore store) {
        this.store = store;
    }

    void save(MacvlanNetwork network) {
        store.put(NETWORK + network.id(), encode(network));
    }

    void remove(MacvlanNetwork network) {
        store.remove(NETWORK + network.id());
    }

    void save(MacvlanEndpoint endpoint) {
        store.put(endpointKey(endpoint.networkId(), endpoint.id()), encode(endpoint));
    }

    void remove(MacvlanEndpoint endpoint) {
        store.remove(endpointKey(endpoint.networkId(), endpoint.id()));
    }

    List<MacvlanNetwork> networks() {
        return store.list(NETWORK).values().stream()
                .map(MacvlanState::decodeNetwork)
                .toList();
    }

    List<MacvlanEndpoint> endpoints() {
        return store.list(ENDPOINT).values().stream()
                .map(MacvlanState::decodeEndpoint)
                .toList();
    }

    private static String endpointKey(String networkId, String endpointId) {
        return ENDPOINT + networkId + "/" + endpointId;
    }

    static String encode(MacvlanNetwork network) {
        Map<String, String> out = new TreeMap<>();
        out.put("id", network.id());
        out.put("name", network.name());
        out.put("mode", network.mode().lowerCase());
        out.put("internal", Boolean.toString(network.internal()));
        out.put("phase", network.phase().name());
        network.requested().ifPresent(p -> out.put("requested-parent", p.name()));
        out.put("parent", network.parent().name());
        out.put("parent-origin", network.parent().origin().name());
        putPools(out, "ipv4", network.ipv4());
        putPools(out, "ipv6", network.ipv6());
        return text(out);
    }

    static MacvlanNetwork decodeNetwork(String text) {
        Properties in = properties(text);
        return new MacvlanNetwork(
                in.getProperty("id"),
                in.getProperty("name"),
                MacvlanMode.parse(in.getProperty("mode")),
                Optional.ofNullable(in.getProperty("requested-parent")).map(ParentLink::parse),
                new MacvlanNetwork.Parent(
                        in.getProperty("parent"), MacvlanNetwork.Origin.valueOf(in.getProperty("parent-origin"))),
                pools(in, "ipv4"),
                pools(in, "ipv6"),
                Boolean.parseBoolean(in.getProperty("internal")),
                MacvlanNetwork.Phase.valueOf(in.getProperty("phase")));
    }

    static String encode(MacvlanEndpoint endpoint) {
        Map<String, String> out = new TreeMap<>();
        out.put("network", endpoint.networkId());
        out.put("id", endpoint.id());
        out.put("mac", endpoint.mac().toString());
        endpoint.ipv4().ifPresent(a -> out.put("ipv4", a.toString()));
        endpoint.ipv6().ifPresent(a -> out.put("ipv6", a.toString()));
        endpoint.join().ifPresent(join -> {
            out.put("sandbox", join.sandbox().toString());
            out.put("interface", join.interfaceName());
        });
        return text(out);
    }

    static MacvlanEndpoint decodeEndpoint(String text) {
        Properties in = properties(text);
        Optional<MacvlanEndpoint.Join> join = Optional.ofNullable(in.getProperty("sandbox"))
                .map(sandbox -> new MacvlanEndpoint.Join(Path.of(sandbox), in.getProperty("interface")));
        return new MacvlanEndpoint(
                in.getProperty("network"),
                in.getProperty("id"),
                MacAddress.parse(in.getProperty("mac")),
                Optional.ofNullable(in.getProperty("ipv4")).map(IpPrefix::parse),
                Optional.ofNullable(in.getProperty("ipv6")).map(IpPrefix::parse),
                join);
    }

    private static void putPools(Map<String, String> out, String family, List<IpamData> pools) {
        for (int i = 0; i < pools.size(); i++) {
            IpamData pool = pools.get(i);
            String prefix = family + "." + i + ".";
            out.put(prefix + "space", pool.addressSpace());
            out.put(prefix + "pool", pool.pool().toString());
            pool.gateway().ifPresent(g -> out.put(prefix + "gateway", g.toString()));
            pool.auxAddresses()
                    .forEach((name, address) -> out.put(prefix + "aux." + name, IpPrefix.compactHost(address)));
        }
    }

    private static List<IpamData> pools(Properties in, String family) {
        List<IpamData> pools = new ArrayList<>();
        for (int i = 0; in.containsKey(family + "." + i + ".pool"); i++) {
            String prefix = family + "." + i + ".";
            Map<String, InetAddress> aux = new TreeMap<>();
            for (String key : in.stringPropertyNames()) {
                if (key.startsWith(prefix + "aux.")) {
                    aux.put(key.substring((prefix + "aux.").length()), IpPrefix.parseAddress(in.getProperty(key)));
                }
            }
            pools.add(new IpamData(
                    in.getProperty(prefix + "space"),
                    IpPrefix.parse(in.getProperty(prefix + "pool")),
                    Optional.ofNullable(in.getProperty(prefix + "gateway")).map(IpPrefix::parse),
                    aux));
        }
        return pools;
    }

    /** Properties text, sorted and without the date comment {@link Properties#store} writes. */
    private static String text(Map<String, String> values) {
        Properties out = new Properties();
        out.putAll(values);
        StringWriter writer = new StringWriter();
        try {
            out.store(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer.toString()
                .lines()
                .filter(line -> !line.startsWith("#"))
                .sorted()
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static Properties properties(String text) {
        Properties in = new Properties();
        try {
            in.load(new StringReader(text));
        } catch (IOException e) {
            throw DriverException.internal("unreadable macvlan driver record: " + e.getMessage(), e);
        }
        return in;
    }
}
