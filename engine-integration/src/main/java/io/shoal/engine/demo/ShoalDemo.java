package io.shoal.engine.demo;

import io.shoal.dns.placement.ContainerResolver;
import io.shoal.dns.placement.EmbeddedDns;
import io.shoal.dns.placement.ResolvConf;
import io.shoal.dns.records.EndpointRecord;
import io.shoal.dns.server.ResolverSettings;
import io.shoal.driver.bridge.BridgeDriverProvider;
import io.shoal.engine.store.SqliteDriverStore;
import io.shoal.ipam.DefaultIpamDriver;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.spi.DeferredTeardown;
import io.shoal.spi.DriverContext;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.DriverStore;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.SandboxRef;
import io.shoal.spi.ipam.AddressRequest;
import io.shoal.spi.ipam.PoolAllocation;
import io.shoal.spi.ipam.PoolRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Shoal does so far, composed as the engine will compose it: IPAM hands out a dual-stack pool from the default
 * address pools, the bridge driver makes network {@code demo} in a namespace standing in for the host, three
 * namespaces standing in for containers join it, and the embedded DNS answers inside each of them, with {@code web}
 * an alias of two containers that each serve a greeting on TCP port 8080.
 *
 * <p>It prints {@code READY} and then waits until its standard input closes; meanwhile {@code ./shoal demo} asks
 * from inside the containers with the real {@code dig} and busybox {@code nc}, as a user would. Then everything is
 * removed (leftovers of an interrupted run are removed at the start).
 */
public final class ShoalDemo {
    static final String PREFIX = "shoaldemo-";
    private static final String NETWORK_ID = "5ca1ab1e" + "0".repeat(56);
    private static final String[] CONTAINERS = {"client", "web1", "web2"};
    private static final int PORT = 8080;

    private final PrintStream out = System.out;
    private final List<AutoCloseable> undo = new ArrayList<>();
    private int step;

    public static void main(String[] args) throws Exception {
        ShoalDemo demo = new ShoalDemo();
        int status = 0;
        try {
            demo.run(Path.of(args.length > 0 ? args[0] : "/run/shoal-demo"));
        } catch (Exception e) {
            System.out.println("demo FAILED: " + e);
            e.printStackTrace(System.out);
            status = 1;
        } finally {
            status |= demo.cleanUp();
        }
        System.exit(status);
    }

    private void run(Path stateDirectory) throws Exception {
        removeLeftovers(stateDirectory);
        Files.createDirectories(stateDirectory);
        NetworkNamespace host = namespace("host");

        DefaultIpamDriver ipam = DefaultIpamDriver.inMemory();
        PoolAllocation v4 = ipam.requestPool(PoolRequest.automatic(DefaultIpamDriver.LOCAL, false, "demo"));
        PoolAllocation v6 = ipam.requestPool(PoolRequest.automatic(DefaultIpamDriver.LOCAL, true, "demo"));
        say("IPAM: network demo gets " + v4.subnet() + " and " + v6.subnet() + " from the default address pools");

        SqliteDriverStore store = SqliteDriverStore.open(stateDirectory.resolve("shoal.db"), "bridge");
        undo.add(store);
        NetworkDriver bridge = new BridgeDriverProvider()
                .create(new DriverContext(
                        stateDirectory, Map.of(), Map.of(NetworkNamespace.class, host, DriverStore.class, store)));
        bridge.createNetwork(new NetworkConfig(
                NETWORK_ID, "demo", DriverOptions.empty(), Map.of(), List.of(v4.data()), List.of(v6.data()), false));
        undo.add(() -> {
            bridge.deleteNetwork(NETWORK_ID);
            ((DeferredTeardown) bridge).awaitTeardown(Duration.ofSeconds(10));
        });
        say("bridge driver: network demo is bridge br-" + NETWORK_ID.substring(0, 12) + " in " + host.path()
                + ", gateways " + v4.data().gateway().orElseThrow() + " and "
                + v6.data().gateway().orElseThrow());

        EmbeddedDns dns = EmbeddedDns.start(ResolverSettings.defaults());
        undo.add(dns);
        for (String name : CONTAINERS) {
            startContainer(name, ipam, v4, v6, bridge, dns);
        }
        System.out.println("READY");
        System.out.flush();
        System.in.transferTo(OutputStream.nullOutputStream());
    }

    private void startContainer(
            String name,
            DefaultIpamDriver ipam,
            PoolAllocation v4,
            PoolAllocation v6,
            NetworkDriver bridge,
            EmbeddedDns dns)
            throws Exception {
        NetworkNamespace sandbox = namespace(name);
        String id = String.format("%-64s", name).replace(' ', '0');
        IpPrefix ip4 = ipam.requestAddress(AddressRequest.next(v4.poolId())).address();
        IpPrefix ip6 = ipam.requestAddress(AddressRequest.next(v6.poolId())).address();
        bridge.createEndpoint(new EndpointConfig(
                NETWORK_ID, id, Optional.of(ip4), Optional.of(ip6), Optional.empty(), DriverOptions.empty()));
        bridge.join(new JoinRequest(NETWORK_ID, id, new SandboxRef(id, sandbox.path()), "eth0", true));
        undo.add(() -> {
            bridge.leave(NETWORK_ID, id);
            bridge.deleteEndpoint(NETWORK_ID, id);
        });

        EndpointRecord record = EndpointRecord.of(id, name, ip4.address(), ip6.address());
        if (name.startsWith("web")) {
            record = record.withAlias("web");
            serveGreeting(sandbox, name);
        }
        dns.records().join("demo", record);
        ContainerResolver resolver = dns.attach(id, sandbox, List.of());
        undo.add(resolver);
        writeResolvConf(name);
        say("container " + name + ": eth0 " + ip4 + " " + ip6 + ", resolver on 127.0.0.11"
                + (name.startsWith("web") ? ", alias web, serving on :" + PORT : ""));
    }

    /** A greeting server inside the container, the way a containerised service listens. */
    private void serveGreeting(NetworkNamespace sandbox, String name) throws Exception {
        ServerSocket server = sandbox.<ServerSocket, IOException>callInside(() -> {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress(PORT));
            return socket;
        });
        undo.add(server);
        Thread thread = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try (Socket client = server.accept()) {
                            client.getOutputStream()
                                    .write(("hello from " + name + "\n").getBytes(StandardCharsets.UTF_8));
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "greeting-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The container's /etc/resolv.conf, where {@code ip netns exec} bind-mounts it from (ip-netns(8)): the host's
     * search and options lines, nameserver 127.0.0.11.
     */
    private void writeResolvConf(String name) throws IOException {
        Path dir = Path.of("/etc/netns", PREFIX + name);
        Files.createDirectories(dir);
        Path hostFile = Path.of("/etc/resolv.conf");
        String hostText = Files.exists(hostFile) ? Files.readString(hostFile) : "";
        Files.writeString(dir.resolve("resolv.conf"), ResolvConf.parse(hostText).forContainer());
        undo.add(() -> {
            Files.deleteIfExists(dir.resolve("resolv.conf"));
            Files.deleteIfExists(dir);
        });
    }

    private NetworkNamespace namespace(String name) throws Exception {
        NetworkNamespace namespace = NetworkNamespace.create(PREFIX + name);
        undo.add(() -> {
            namespace.close();
            NetworkNamespace.delete(PREFIX + name);
        });
        try (NetlinkHandle handle = NetlinkHandle.openIn(namespace)) {
            handle.linkSetUp("lo");
        }
        return namespace;
    }

    private void say(String text) {
        out.printf("  [%d] %s%n", ++step, text);
    }

    private int cleanUp() {
        int status = 0;
        for (int i = undo.size() - 1; i >= 0; i--) {
            try {
                undo.get(i).close();
            } catch (Exception e) {
                out.println("cleanup step failed: " + e);
                status = 1;
            }
        }
        undo.clear();
        out.println(status == 0 ? "demo cleaned up: no namespace, link or rule left" : "demo cleanup FAILED");
        return status;
    }

    private static void removeLeftovers(Path stateDirectory) throws Exception {
        for (String name : NetworkNamespace.names()) {
            if (name.startsWith(PREFIX)) {
                NetworkNamespace.delete(name);
            }
        }
        for (String name : CONTAINERS) {
            Path dir = Path.of("/etc/netns", PREFIX + name);
            Files.deleteIfExists(dir.resolve("resolv.conf"));
            Files.deleteIfExists(dir);
        }
        Files.deleteIfExists(stateDirectory.resolve("shoal.db"));
        Files.deleteIfExists(stateDirectory.resolve("shoal.db-wal"));
        Files.deleteIfExists(stateDirectory.resolve("shoal.db-shm"));
    }
}
