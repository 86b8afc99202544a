package io.shoal.driver.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.net.IpAddresses;
import io.shoal.netlink.ConntrackFlow;
import io.shoal.netlink.ConntrackFlow.Protocol;
import io.shoal.netlink.IpFamily;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order between a departed endpoint's background conntrack flush and a join of its address, over an in-memory
 * table. The driver is never quiet here (an hour's quiet period and delay), so a flush runs only when a join or {@link
 * DepartedFlows#await} asks for it: what a test sees does not depend on timing.
 */
class DepartedFlowsTest {
    private static final InetAddress REMOTE = IpAddresses.parse("203.0.113.9");
    private static final InetAddress A = IpAddresses.parse("10.78.0.2");
    private static final InetAddress B = IpAddresses.parse("10.78.0.3");
    private static final Duration NEVER = Duration.ofHours(1);

    private final Table table = new Table();
    private final StaleFlows staleFlows = new StaleFlows(table);
    private final DepartedFlows departed =
            new DepartedFlows(staleFlows::endpointLeft, ActivityClock.quietAfter(NEVER), NEVER);

    @AfterEach
    void drain() {
        departed.await(Duration.ofSeconds(30));
    }

    @Test
    void aJoinOfTheSameAddressWaitsForTheFlushAndTheNewEndpointsFlowsSurvive() {
        ConntrackFlow ofTheOldEndpoint = table.add(outOf(A, 33000));
        departed.submit("old", List.of(A));
        assertThat(table.flows()).as("the leave returned before the flush").contains(ofTheOldEndpoint);

        departed.awaitFlushed(List.of(A));
        assertThat(table.flows()).as("before the join plugs").doesNotContain(ofTheOldEndpoint);

        ConntrackFlow ofTheNewEndpoint = table.add(outOf(A, 33001));
        departed.await(Duration.ofSeconds(30));
        assertThat(table.flows()).containsExactly(ofTheNewEndpoint);
        assertThat(table.dumps()).hasSize(1);
    }

    @Test
    void aJoinOfAnotherAddressDoesNotWait() {
        ConntrackFlow ofA = table.add(outOf(A, 33000));
        departed.submit("a", List.of(A));

        departed.awaitFlushed(List.of(B));
        assertThat(table.dumps()).as("nothing forced").isEmpty();

        departed.await(Duration.ofSeconds(30));
        assertThat(table.flows()).doesNotContain(ofA);
    }

    @Test
    void departuresQueuedTogetherShareOneDump() {
        table.add(outOf(A, 33000));
        table.add(outOf(B, 33000));
        ConntrackFlow unrelated = table.add(outOf(IpAddresses.parse("10.78.0.4"), 33000));
        departed.submit("a", List.of(A));
        departed.submit("b", List.of(B));

        departed.await(Duration.ofSeconds(30));
        assertThat(table.flows()).containsExactly(unrelated);
        assertThat(table.dumps()).containsExactly(IpFamily.IPV4);
    }

    @Test
    void aDepartureWithoutAddressesQueuesNothing() {
        departed.submit("none", List.of());
        departed.awaitFlushed(List.of(A));
        departed.await(Duration.ofSeconds(30));
        assertThat(table.dumps()).isEmpty();
    }

    /** A flow from {@code endpoint}'s port out to a remote resolver (masqueraded: answered to the endpoint). */
    private static ConntrackFlow outOf(InetAddress endpoint, int port) {
        return new ConntrackFlow(
                Protocol.UDP,
                new ConntrackFlow.Tuple(endpoint, port, REMOTE, 53),
                new ConntrackFlow.Tuple(REMOTE, 53, endpoint, port),
                0,
                port,
                30);
    }

    /** The conntrack table as a list, used from the flush thread too; records the family of each dump. */
    private static final class Table implements StaleFlows.FlowTable {
        private final List<ConntrackFlow> flows = new ArrayList<>();
        private final List<IpFamily> dumps = new ArrayList<>();

        synchronized ConntrackFlow add(ConntrackFlow flow) {
            flows.add(flow);
            return flow;
        }

        synchronized List<ConntrackFlow> flows() {
            return List.copyOf(flows);
        }

        synchronized List<IpFamily> dumps() {
            return List.copyOf(dumps);
        }

        @Override
        public synchronized int deleteIf(IpFamily family, Predicate<ConntrackFlow> which) {
            dumps.add(family);
            int before = flows.size();
            flows.removeIf(f -> f.family() == family && which.test(f));
            return before - flows.size();
        }
    }
}
