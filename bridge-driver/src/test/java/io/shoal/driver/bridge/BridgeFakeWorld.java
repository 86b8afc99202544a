package io.shoal.driver.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.driver.bridge.firewall.HostPorts;
import io.shoal.driver.support.DriverRecords;
import io.shoal.driver.support.testing.FakeWorld;
import io.shoal.driver.support.testing.Requests;
import io.shoal.driver.support.testing.SkeletonInvariants;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.PortBinding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** A bridge driver over a crashing store and a recording fake kernel, and the invariants it must keep. */
final class BridgeFakeWorld extends FakeWorld<BridgeNetworkDriver> {
    final DriverRecords<BridgeNetwork, BridgeEndpoint> records = BridgeState.records(store);
    /** The kernel of the latest {@link #start}. */
    RecordingBridgeKernel kernel;

    @Override
    public BridgeNetworkDriver start() {
        // Host ports are held by sockets, which die with the process: each start gets a registry of its own whose
        // reservations always succeed (the conflicts themselves are HostPortsTest's and the kernel tests').
        kernel = new RecordingBridgeKernel(host);
        BridgeNetworkDriver driver =
                new BridgeNetworkDriver(kernel, records, new PortPublisher(new HostPorts(port -> () -> {})));
        driver.restore();
        return driver;
    }

    @Override
    public void settle(BridgeNetworkDriver driver) {
        driver.awaitTeardown(Duration.ofSeconds(30));
    }

    @Override
    public void checkInvariants(BridgeNetworkDriver driver) {
        driver.awaitTeardown(Duration.ofSeconds(30)); // background deletions wait for a quiet moment otherwise
        SkeletonInvariants.assertSettled(driver, records);
        assertThat(records.retired()).as("retired veths still recorded").isEmpty();
        List<BridgeNetwork> networks = records.networks();
        List<BridgeEndpoint> endpoints = records.endpoints();
        assertThat(host.objects("link ", "addr ", "up ", "iface ", "cfg ", "rules "))
                .as("kernel objects")
                .isEqualTo(RecordingBridgeKernel.expected(networks, endpoints));
        if (networks.stream().anyMatch(n -> !n.internal())) {
            assertThat(host.get("sysctl net.ipv4.ip_forward")).as("ip_forward").contains("1");
        }
    }

    /** A sandbox for endpoint {@code n}, as the engine would make it. */
    void sandbox(int n) {
        host.install("netns " + sandboxPath(n), "", false);
    }

    static Path sandboxPath(int n) {
        return Path.of("/run/netns/c" + n);
    }

    static String networkId(int n) {
        return String.format("%012d", n) + "a".repeat(52);
    }

    static String endpointId(int n) {
        return String.format("e%063d", n);
    }

    static NetworkConfig network(int n) {
        return BridgeDrivers.network(
                networkId(n), "net" + n, DriverOptions.empty(), "10.7" + n + ".0.0/24", "10.7" + n + ".0.1/24");
    }

    static EndpointConfig endpoint(int network, int n) {
        return Requests.endpoint(networkId(network), endpointId(n), "10.7" + network + ".0." + n + "/24");
    }

    static JoinRequest join(int network, int n) {
        return Requests.join(networkId(network), endpointId(n), "c" + n, sandboxPath(n));
    }

    static List<PortBinding> ports() {
        return List.of(
                new PortBinding(PortBinding.Protocol.TCP, Optional.empty(), 8080, 80),
                new PortBinding(PortBinding.Protocol.UDP, Optional.empty(), 5353, 53));
    }

    static boolean has(BridgeNetworkDriver driver, int network) {
        return driver.networks().containsKey(networkId(network));
    }

    static Optional<BridgeEndpoint> endpointOf(BridgeNetworkDriver driver, int n) {
        return driver.endpoints().stream()
                .filter(e -> e.id().equals(endpointId(n)))
                .findFirst();
    }

    String describe() {
        return host.objects().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n"));
    }
}
