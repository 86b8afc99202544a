package io.shoal.driver.vlan;

import static io.shoal.driver.vlan.MacvlanCrashPointTest.network;
import static io.shoal.driver.vlan.MacvlanFakeWorld.endpoint;
import static io.shoal.driver.vlan.MacvlanFakeWorld.endpointId;
import static io.shoal.driver.vlan.MacvlanFakeWorld.endpointOf;
import static io.shoal.driver.vlan.MacvlanFakeWorld.networkId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.driver.support.EndpointPhase;
import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.JoinResult;
import io.shoal.spi.SandboxRef;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The hand-over join of the macvlan driver against the fake kernel, the test playing dockerd: the macvlan waits down in
 * the host under the temporary name, dockerd takes it into its sandbox, gives it back after the leave, and
 * deleteEndpoint deletes it there.
 */
class MacvlanHandOverTest {
    private static final String TEMPORARY = "shxhandover01";

    private final MacvlanFakeWorld world = new MacvlanFakeWorld(true);
    private final RecordingMacvlanKernel kernel = new RecordingMacvlanKernel(world.host, true);
    private MacvlanNetworkDriver driver = new MacvlanNetworkDriver(kernel, world.records);

    private static JoinRequest handOver(int n) {
        return new JoinRequest(
                networkId(1),
                endpointId(n),
                new SandboxRef("c" + n, Path.of("/run/docker/netns/c" + n)),
                TEMPORARY,
                true,
                true);
    }

    private String macvlan(int n) {
        return "macvlan down on uplink " + endpointOf(driver, n).orElseThrow().mac();
    }

    @Test
    void theMacvlanWaitsDownInTheHostAndIsDeletedWhenDockerdGivesItBackAfterTheLeave() throws Exception {
        driver.createNetwork(network(1, "uplink"));
        driver.createEndpoint(endpoint(1, 2));

        JoinResult joined = driver.joinForHandOver(handOver(2));

        assertThat(joined.interfaceName()).isEqualTo(TEMPORARY);
        assertThat(joined.gatewayV4()).isPresent();
        assertThat(world.host.get("link " + TEMPORARY)).contains(macvlan(2));
        assertThat(world.host.objects("iface "))
                .as("the sandbox is never opened")
                .isEmpty();

        kernel.takeIn(TEMPORARY);
        driver.leave(networkId(1), endpointId(2));
        assertThat(endpointOf(driver, 2).orElseThrow().handedBack()).contains(TEMPORARY);
        kernel.giveBack(TEMPORARY, macvlan(2));

        driver.deleteEndpoint(networkId(1), endpointId(2));

        assertThat(world.host.get("link " + TEMPORARY)).isEmpty();
        driver.deleteNetwork(networkId(1));
        world.checkInvariants(driver);
    }

    @Test
    void aMacvlanGivenBackBeforeTheLeaveIsDeletedByTheLeave() throws Exception {
        driver.createNetwork(network(1, "uplink"));
        driver.createEndpoint(endpoint(1, 2));
        driver.joinForHandOver(handOver(2));

        driver.leave(networkId(1), endpointId(2));

        assertThat(world.host.get("link " + TEMPORARY)).isEmpty();
        driver.deleteEndpoint(networkId(1), endpointId(2));
        world.checkInvariants(driver);
    }

    @Test
    void aRestartKeepsAHandedOverEndpointJoinedAndRemembersWhatIsToBeGivenBack() throws Exception {
        driver.createNetwork(network(1, "uplink"));
        driver.createEndpoint(endpoint(1, 2));
        driver.createEndpoint(endpoint(1, 3));
        driver.joinForHandOver(handOver(2));
        kernel.takeIn(TEMPORARY);
        driver.joinForHandOver(new JoinRequest(
                networkId(1),
                endpointId(3),
                new SandboxRef("c3", Path.of("/run/docker/netns/c3")),
                "shxhandover03",
                true,
                true));
        kernel.takeIn("shxhandover03");
        driver.leave(networkId(1), endpointId(3));

        driver = new MacvlanNetworkDriver(kernel, world.records);
        driver.restore();

        assertThat(endpointOf(driver, 2).orElseThrow().phase()).isEqualTo(EndpointPhase.JOINED);
        kernel.giveBack("shxhandover03", macvlan(3));
        driver.deleteEndpoint(networkId(1), endpointId(3));
        assertThat(world.host.get("link shxhandover03")).isEmpty();
        driver.leave(networkId(1), endpointId(2));
        kernel.giveBack(TEMPORARY, macvlan(2));
        driver.deleteEndpoint(networkId(1), endpointId(2));
        driver.deleteNetwork(networkId(1));
        world.checkInvariants(driver);
    }

    @Test
    void aTemporaryNameTakenInTheHostIsConflictAndLeavesTheEndpointIdle() throws Exception {
        driver.createNetwork(network(1, "uplink"));
        driver.createEndpoint(endpoint(1, 2));
        world.host.add("link " + TEMPORARY, "veth up");

        assertThatThrownBy(() -> driver.joinForHandOver(handOver(2)))
                .isInstanceOfSatisfying(
                        DriverException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));

        assertThat(endpointOf(driver, 2).orElseThrow().phase()).isEqualTo(EndpointPhase.IDLE);
        assertThat(world.host.get("link " + TEMPORARY)).contains("veth up");
    }
}
