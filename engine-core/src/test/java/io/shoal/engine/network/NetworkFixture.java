package io.shoal.engine.network;

import io.shoal.engine.dns.FakeNameService;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.sandbox.SandboxRef;
import io.shoal.engine.store.FakeEngineStore;
import io.shoal.ipam.DefaultIpamDriver;
import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverRegistry;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.ipam.IpamDriver;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A network controller over a recording bridge and macvlan driver, the real default IPAM driver in memory, a fake
 * store and a fake DNS, with a clock the test moves. {@link #restart} makes a new controller over the same store,
 * drivers and IPAM (which keep their state, as after a process restart) and a fresh DNS (which keeps none).
 */
final class NetworkFixture {
    final RecordingNetworkDriver bridge = new RecordingNetworkDriver("bridge");
    final RecordingNetworkDriver macvlan = new RecordingNetworkDriver("macvlan");
    final DefaultIpamDriver ipam = DefaultIpamDriver.inMemory();
    final FakeEngineStore store = new FakeEngineStore();
    final MovableClock clock = new MovableClock(Instant.parse("2026-11-29T12:00:00Z"));
    FakeNameService dns = new FakeNameService();
    NetworkController controller = newController();

    NetworkController newController() {
        return new NetworkController(
                DriverRegistry.<NetworkDriver>of(List.of(bridge, macvlan), NetworkDriver::type),
                DriverRegistry.<IpamDriver>of(List.of(ipam), IpamDriver::type),
                store,
                dns,
                clock);
    }

    /** Starts the controller as the engine does: restore, then the predefined networks. */
    NetworkFixture started() throws EngineException {
        controller.restore();
        controller.ensurePredefined();
        return this;
    }

    /** A new controller over the same store, drivers and IPAM, with a fresh DNS; restored and started. */
    NetworkController restart() throws EngineException {
        dns = new FakeNameService();
        controller = newController();
        started();
        return controller;
    }

    static NetworkSpec spec(String name) {
        return new NetworkSpec(name, "bridge", Map.of(), Map.of(), "default", Map.of(), List.of(), false, false, false);
    }

    static NetworkSpec withSubnet(String name, String... cidrs) {
        return new NetworkSpec(
                name,
                "bridge",
                Map.of(),
                Map.of(),
                "default",
                Map.of(),
                java.util.Arrays.stream(cidrs).map(NetworkFixture::subnet).toList(),
                java.util.Arrays.stream(cidrs).anyMatch(c -> c.contains(":")),
                false,
                false);
    }

    static SubnetSpec subnet(String cidr) {
        return new SubnetSpec(Optional.of(IpPrefix.parse(cidr)), Optional.empty(), Optional.empty(), Map.of());
    }

    static SandboxRef sandbox(String name) {
        return new SandboxRef(containerId(name), name, name + "-host", Path.of("/run/shoal/netns/" + name));
    }

    /** A stable 64-hex id for a container name. */
    static String containerId(String name) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            hex.append(String.format("%02x", (int) name.charAt(i)));
        }
        while (hex.length() < 64) {
            hex.append('0');
        }
        return hex.substring(0, 64);
    }

    static EndpointSettings aliases(String... aliases) {
        return new EndpointSettings(List.of(aliases), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    static EndpointSettings ip(String v4) {
        return new EndpointSettings(List.of(), Optional.of(address(v4)), Optional.empty(), Optional.empty(), Map.of());
    }

    static EndpointSettings ip6(String v6) {
        return new EndpointSettings(List.of(), Optional.empty(), Optional.of(address(v6)), Optional.empty(), Map.of());
    }

    static InetAddress address(String text) {
        return io.shoal.net.IpAddresses.parse(text);
    }

    /** A clock that stands still until moved. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
