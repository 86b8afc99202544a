package io.shoal.driver.vlan;

import io.shoal.driver.support.DriverRecords;
import io.shoal.driver.support.EndpointPhase;
import io.shoal.driver.support.NetworkPhase;
import io.shoal.driver.support.RecordText;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.spi.DriverStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The macvlan driver's records in the engine's store, one entry per network ({@code network/ID}) and per endpoint
 * ({@code endpoint/NETWORK/ID}), each a small {@code java.util.Properties} text:
 *
 * <ul>
 *   <li>network: {@code id name mode internal phase parent parent-origin}, {@code requested-parent} when the user gave
 *       one, and per pool {@code ipv4.N.space ipv4.N.pool ipv4.N.gateway ipv4.N.aux.NAME} (same for {@code ipv6.N}).
 *       {@code parent-origin} is {@code ADOPTED} (existed before; never deleted), {@code SUB_INTERFACE}, {@code DUMMY}
 *       or {@code VETH_PAIR} (made by the driver, deleted with the network)
 *   <li>endpoint: {@code network id mac ipv4 ipv6}, when joining, joined or leaving {@code sandbox interface} (and
 *       {@code handed-over=true} for a hand-over join, whose {@code interface} is the temporary name in the host),
 *       {@code handed-back} naming the macvlan a hand-over leave left for the engine to give back, and
 *       {@code phase} ({@code JOINING} or {@code LEAVING}) only while a join or leave is under way: a record without
 *       it is {@code JOINED} when it names a sandbox and {@code IDLE} otherwise, as the first version wrote them all
 * </ul>
 *
 * <p>Records the first version wrote are kept as golden files in src/test/resources/records.
 */
final class MacvlanState {
    private MacvlanState() {}

    static DriverRecords<MacvlanNetwork, MacvlanEndpoint> records(DriverStore store) {
        return new DriverRecords<>(
                store,
                MacvlanState::encode,
                MacvlanState::decodeNetwork,
                MacvlanState::encode,
                MacvlanState::decodeEndpoint);
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
        RecordText.putPools(out, "ipv4", network.ipv4());
        RecordText.putPools(out, "ipv6", network.ipv6());
        return RecordText.text(out);
    }

    static MacvlanNetwork decodeNetwork(String text) {
        Properties in = RecordText.properties(text, "macvlan driver");
        return new MacvlanNetwork(
                in.getProperty("id"),
                in.getProperty("name"),
                MacvlanMode.parse(in.getProperty("mode")),
                Optional.ofNullable(in.getProperty("requested-parent")).map(ParentLink::parse),
                new MacvlanNetwork.Parent(
                        in.getProperty("parent"), MacvlanNetwork.Origin.valueOf(in.getProperty("parent-origin"))),
                RecordText.pools(in, "ipv4"),
                RecordText.pools(in, "ipv6"),
                Boolean.parseBoolean(in.getProperty("internal")),
                NetworkPhase.valueOf(in.getProperty("phase")));
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
            if (join.handedOver()) {
                out.put("handed-over", "true");
            }
        });
        endpoint.handedBack().ifPresent(name -> out.put("handed-back", name));
        if (endpoint.phase() == EndpointPhase.JOINING || endpoint.phase() == EndpointPhase.LEAVING) {
            out.put("phase", endpoint.phase().name());
        }
        return RecordText.text(out);
    }

    static MacvlanEndpoint decodeEndpoint(String text) {
        Properties in = RecordText.properties(text, "macvlan driver");
        Optional<MacvlanEndpoint.Join> join = Optional.ofNullable(in.getProperty("sandbox"))
                .map(sandbox -> new MacvlanEndpoint.Join(
                        Path.of(sandbox),
                        in.getProperty("interface"),
                        Boolean.parseBoolean(in.getProperty("handed-over"))));
        return new MacvlanEndpoint(
                in.getProperty("network"),
                in.getProperty("id"),
                MacAddress.parse(in.getProperty("mac")),
                Optional.ofNullable(in.getProperty("ipv4")).map(IpPrefix::parse),
                Optional.ofNullable(in.getProperty("ipv6")).map(IpPrefix::parse),
                join,
                Optional.ofNullable(in.getProperty("phase"))
                        .map(EndpointPhase::valueOf)
                        .orElse(join.isPresent() ? EndpointPhase.JOINED : EndpointPhase.IDLE),
                Optional.ofNullable(in.getProperty("handed-back")));
    }
}
