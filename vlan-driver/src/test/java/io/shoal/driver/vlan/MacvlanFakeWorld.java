package io.shoal.driver.vlan;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.driver.support.DriverRecords;
import io.shoal.driver.support.testing.FakeWorld;
import io.shoal.driver.support.testing.Requests;
import io.shoal.driver.support.testing.SkeletonInvariants;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.JoinRequest;
import java.nio.file.Path;
import java.util.List;

/** A macvlan driver over a crashing store and a recording fake kernel with one physical link, and its invariants. */
final class MacvlanFakeWorld extends FakeWorld<MacvlanNetworkDriver> {
    static final String UPLINK = "uplink";

    final DriverRecords<MacvlanNetwork, MacvlanEndpoint> records = MacvlanState.records(store);
    private final boolean dummy;

    MacvlanFakeWorld(boolean dummy) {
        this.dummy = dummy;
        host.install("link " + UPLINK, "physical up", true);
    }

    @Override
    public MacvlanNetworkDriver start() {
        MacvlanNetworkDriver driver = new MacvlanNetworkDriver(new RecordingMacvlanKernel(host, dummy), records);
        driver.restore();
        return driver;
    }

    @Override
    public void settle(MacvlanNetworkDriver driver) {}

    @Override
    public void checkInvariants(MacvlanNetworkDriver driver) {
        SkeletonInvariants.assertSettled(driver, records);
        List<MacvlanNetwork> networks = records.networks();
        List<MacvlanEndpoint> endpoints = records.endpoints();
        java.util.SortedMap<String, String> kernel = host.objects("link ", "iface ", "cfg ");
        kernel.remove("link " + UPLINK);
        assertThat(kernel).as("kernel objects").isEqualTo(RecordingMacvlanKernel.expected(networks, endpoints));
    }

    void sandbox(int n) {
        host.install("netns " + Path.of("/run/netns/c" + n), "", false);
    }

    static String networkId(int n) {
        return MacvlanDrivers.networkId(n);
    }

    static String endpointId(int n) {
        return MacvlanDrivers.endpointId(n);
    }

    static EndpointConfig endpoint(int network, int n) {
        return Requests.endpoint(networkId(network), endpointId(n), "10.9" + network + ".0." + n + "/24");
    }

    static JoinRequest join(int network, int n) {
        return Requests.join(networkId(network), endpointId(n), "c" + n, Path.of("/run/netns/c" + n));
    }

    static java.util.Optional<MacvlanEndpoint> endpointOf(MacvlanNetworkDriver driver, int n) {
        return driver.endpoints().stream()
                .filter(e -> e.id().equals(endpointId(n)))
                .findFirst();
    }
}
