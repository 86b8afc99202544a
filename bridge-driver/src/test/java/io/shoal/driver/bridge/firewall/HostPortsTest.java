package io.shoal.driver.bridge.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.net.IpAddresses;
import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.PortBinding.Protocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One host port, one owner: the rule of every protocol, address and family, and all-or-nothing changes. */
class HostPortsTest {
    private static final HostPorts.Owner A = new HostPorts.Owner("n1", "web", "a");
    private static final HostPorts.Owner B = new HostPorts.Owner("n2", "db", "b");

    /** The ports the fake reserver holds on the "host". */
    private final Set<HostPort> open = new HashSet<>();
    /** Ports a host process holds: the fake reserver refuses them. */
    private final Set<HostPort> hostProcesses = new HashSet<>();

    private final List<HostPort> reserveCalls = new ArrayList<>();
    private final HostPorts ports = new HostPorts(port -> {
        reserveCalls.add(port);
        if (hostProcesses.contains(port)) {
            throw DriverException.conflict("Bind for " + port + " failed: port is already in use on the host");
        }
        open.add(port);
        return () -> open.remove(port);
    });

    @Test
    void aSecondOwnerIsRefusedNamingTheFirstForEveryAddressThatOverlaps() {
        take(A, port(Protocol.TCP, "0.0.0.0", 8082));
        assertRefused(
                B,
                port(Protocol.TCP, "0.0.0.0", 8082),
                "Bind for 0.0.0.0:8082/tcp failed: port is already " + "allocated to endpoint a on network web");
        assertRefused(B, port(Protocol.TCP, "192.0.2.1", 8082), "(as 0.0.0.0:8082/tcp)");
        assertRefused(B, port(Protocol.TCP, "127.0.0.1", 8082), "endpoint a on network web");

        take(B, port(Protocol.UDP, "0.0.0.0", 8082));
        take(B, port(Protocol.SCTP, "0.0.0.0", 8082));
        take(B, port(Protocol.TCP, "::", 8082));
        take(B, port(Protocol.TCP, "0.0.0.0", 8083));
    }

    @Test
    void aSpecificAddressBlocksTheAnyAddressOfItsFamilyOnly() {
        take(A, port(Protocol.UDP, "192.0.2.1", 53));
        assertRefused(B, port(Protocol.UDP, "0.0.0.0", 53), "(as 192.0.2.1:53/udp)");
        take(B, port(Protocol.UDP, "192.0.2.10", 53));
        take(B, port(Protocol.UDP, "::", 53));
        assertRefused(A, port(Protocol.UDP, "2001:db8::1", 53), "endpoint b on network db");
    }

    @Test
    void aRefusedChangeLeavesEverythingAsItWas() {
        take(A, port(Protocol.TCP, "0.0.0.0", 8082));
        hostProcesses.add(port(Protocol.TCP, "0.0.0.0", 9002));
        Map<HostPorts.Owner, List<HostPort>> before = ports.owners();

        assertRefused(B, List.of(port(Protocol.TCP, "0.0.0.0", 9001), port(Protocol.TCP, "0.0.0.0", 8082)), "web");
        assertRefused(B, List.of(port(Protocol.TCP, "0.0.0.0", 9001), port(Protocol.TCP, "0.0.0.0", 9002)), "host");
        assertRefused(
                B,
                List.of(port(Protocol.TCP, "0.0.0.0", 9003), port(Protocol.TCP, "192.0.2.1", 9003)),
                "publishes it twice");

        assertThat(ports.owners()).isEqualTo(before);
        assertThat(open).containsExactly(port(Protocol.TCP, "0.0.0.0", 8082));
    }

    @Test
    void anAbandonedChangeGivesItsPortsBackAndACommittedOneGivesBackWhatIsNoLongerWanted() {
        try (HostPorts.Change change = ports.reserve(A, List.of(port(Protocol.TCP, "0.0.0.0", 8080)))) {
            assertThat(open).hasSize(1);
        }
        assertThat(open).isEmpty();
        assertThat(ports.owners()).isEmpty();

        take(A, port(Protocol.TCP, "0.0.0.0", 8080), port(Protocol.TCP, "0.0.0.0", 8081));
        reserveCalls.clear();
        take(A, port(Protocol.TCP, "0.0.0.0", 8081), port(Protocol.UDP, "0.0.0.0", 8081));
        assertThat(reserveCalls)
                .as("a port kept is not reserved again")
                .containsExactly(port(Protocol.UDP, "0.0.0.0", 8081));
        assertThat(open)
                .containsExactlyInAnyOrder(port(Protocol.TCP, "0.0.0.0", 8081), port(Protocol.UDP, "0.0.0.0", 8081));
        ports.release(A);
        assertThat(open).isEmpty();
        take(B, port(Protocol.TCP, "0.0.0.0", 8081));
    }

    @Test
    void restoreRebuildsTheOwnersFromTheRecordsEvenWhenAPortCannotBeReservedAgain() {
        hostProcesses.add(port(Protocol.TCP, "0.0.0.0", 8081));
        List<String> problems = ports.restore(
                Map.of(A, List.of(port(Protocol.TCP, "0.0.0.0", 8080), port(Protocol.TCP, "0.0.0.0", 8081))));
        assertThat(problems).singleElement().asString().contains("0.0.0.0:8081/tcp of endpoint a on network web");
        assertRefused(B, port(Protocol.TCP, "0.0.0.0", 8081), "allocated to endpoint a on network web");
        assertThat(open).containsExactly(port(Protocol.TCP, "0.0.0.0", 8080));
    }

    private void take(HostPorts.Owner owner, HostPort... wanted) {
        try (HostPorts.Change change = ports.reserve(owner, List.of(wanted))) {
            change.commit();
        }
    }

    private void assertRefused(HostPorts.Owner owner, HostPort port, String message) {
        assertRefused(owner, List.of(port), message);
    }

    private void assertRefused(HostPorts.Owner owner, List<HostPort> wanted, String message) {
        assertThatThrownBy(() -> ports.reserve(owner, wanted))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((DriverException) e).kind())
                .isEqualTo(ErrorKind.CONFLICT);
    }

    private static HostPort port(Protocol protocol, String address, int port) {
        return new HostPort(protocol, IpAddresses.parse(address), port);
    }
}
