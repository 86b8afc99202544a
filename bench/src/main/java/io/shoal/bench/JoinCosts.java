package io.shoal.bench;

import io.shoal.netlink.NetworkNamespace;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.SandboxRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Join and leave latency of any network driver, the same way for every driver: a network, then one endpoint per
 * sandbox joined and left twice (the second round measured), and a burst of joins at once.
 */
public final class JoinCosts {
    /** How a driver's bench describes its network and endpoints; {@code third} numbers the network's subnet. */
    public interface Shapes {
        NetworkConfig network(String id, int third);

        EndpointConfig endpoint(String networkId, String endpointId, int third, int n);
    }

    private final NetworkDriver driver;
    private final List<NetworkNamespace> sandboxes;
    private final Shapes shapes;

    public JoinCosts(NetworkDriver driver, List<NetworkNamespace> sandboxes, Shapes shapes) {
        this.driver = driver;
        this.sandboxes = sandboxes;
        this.shapes = shapes;
    }

    /** One endpoint per sandbox, joined and left in turn; prints the second round's join and leave latencies. */
    public void measureJoins() {
        int count = sandboxes.size();
        NetworkConfig config = shapes.network(String.format("%064x", 0xbeef), 7);
        driver.createNetwork(config);
        Latencies join = new Latencies(count);
        Latencies leave = new Latencies(count);
        for (int round = 0; round < 2; round++) {
            Latencies joins = round == 1 ? join : new Latencies(count);
            Latencies leaves = round == 1 ? leave : new Latencies(count);
            for (int i = 0; i < count; i++) {
                driver.createEndpoint(shapes.endpoint(config.id(), endpointId(i), 7, i));
                JoinRequest request = joinRequest(config.id(), endpointId(i), sandboxes.get(i));
                joins.time(() -> driver.join(request));
            }
            for (int i = 0; i < count; i++) {
                String endpoint = endpointId(i);
                leaves.time(() -> driver.leave(config.id(), endpoint));
                driver.deleteEndpoint(config.id(), endpoint);
            }
        }
        driver.deleteNetwork(config.id());
        System.out.println(join.summary("join (round 2 of 2, " + count + ")"));
        System.out.println(leave.summary("leave (round 2 of 2, " + count + ")"));
    }

    /** {@code parallel} joins submitted at once; prints each one's latency and the wall time for all. */
    public void measureParallelJoins(int parallel) throws Exception {
        NetworkConfig config = shapes.network(String.format("%064x", 0xcafe), 9);
        driver.createNetwork(config);
        Latencies join = new Latencies(parallel);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> joins = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < parallel; i++) {
                int n = i;
                joins.add(pool.submit(() -> {
                    driver.createEndpoint(shapes.endpoint(config.id(), endpointId(n), 9, n));
                    join.time(() -> driver.join(joinRequest(config.id(), endpointId(n), sandboxes.get(n))));
                }));
            }
            for (Future<?> f : joins) {
                f.get();
            }
            long wall = System.nanoTime() - start;
            System.out.println(join.summary(parallel + " joins in parallel"));
            System.out.printf("%-34s %.1f ms for all %d%n", "  wall time", wall / 1e6, parallel);
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < parallel; i++) {
            driver.leave(config.id(), endpointId(i));
            driver.deleteEndpoint(config.id(), endpointId(i));
        }
        driver.deleteNetwork(config.id());
    }

    private static JoinRequest joinRequest(String networkId, String endpointId, NetworkNamespace sandbox) {
        return new JoinRequest(networkId, endpointId, new SandboxRef(endpointId, sandbox.path()), "eth0", true);
    }

    private static String endpointId(int n) {
        return String.format("%064x", 0xe000 + n);
    }
}
