package io.shoal.bench.dns;

import io.shoal.dns.placement.ContainerResolver;
import io.shoal.dns.placement.EmbeddedDns;
import io.shoal.dns.records.EndpointRecord;
import io.shoal.dns.records.RecordRegistry;
import io.shoal.dns.server.ResolverSettings;
import io.shoal.netlink.NetworkNamespace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded resolver for bench/dns/dnsperf.sh: {@code N} service containers ({@code svc-I}, alias {@code alias-I},
 * one IPv4 and one IPv6 address each) on network {@code bench}, and a client container whose resolver listens on
 * 127.0.0.11:53 inside namespace NAME. Reads commands on standard input: {@code heap} prints the heap in use after a
 * full collection, {@code metrics} the resolver's counters, {@code churn NAMESPACE N} attaches and detaches N
 * resolvers in another namespace one after the other and prints the mean wall time of a round, {@code quit} (or end of
 * input) stops.
 *
 * <p>Usage: {@code DnsBenchServer NAMESPACE CONTAINERS [EVENT_LOOP_THREADS [UDP_SOCKETS_PER_LISTENER]]}
 */
public final class DnsBenchServer {
    private static final String CLIENT = "benchclient0";

    private DnsBenchServer() {}

    public static void main(String[] args) throws Exception {
        String namespaceName = args[0];
        int containers = Integer.parseInt(args[1]);
        int threads = args.length > 2
                ? Integer.parseInt(args[2])
                : Runtime.getRuntime().availableProcessors();
        int udpSockets = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        try (NetworkNamespace namespace = NetworkNamespace.openByName(namespaceName);
                EmbeddedDns dns = EmbeddedDns.start(ResolverSettings.defaults()
                        .withEventLoopThreads(threads)
                        .withUdpSocketsPerListener(udpSockets))) {
            fill(dns.records(), containers);
            try (ContainerResolver resolver = dns.attach(CLIENT, namespace, List.of())) {
                System.out.println("READY " + resolver.listener());
                serveCommands(dns);
            }
        }
    }

    private static void fill(RecordRegistry records, int containers) throws Exception {
        records.join("bench", EndpointRecord.of(CLIENT, "client", InetAddress.getByName("10.77.255.254")));
        for (int i = 1; i <= containers; i++) {
            records.join(
                    "bench",
                    new EndpointRecord(
                            String.format("%012x", i),
                            "svc-" + i,
                            Optional.empty(),
                            Set.of("alias-" + i),
                            List.of(
                                    InetAddress.getByName("10.77." + (i / 250) + "." + (i % 250 + 1)),
                                    InetAddress.getByName("fd00:77::" + Integer.toHexString(i)))));
        }
    }

    private static void churn(EmbeddedDns dns, String namespaceName, int rounds) throws Exception {
        try (NetworkNamespace namespace = NetworkNamespace.openByName(namespaceName)) {
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                dns.attach("churn" + i, namespace, List.of()).close();
            }
            long meanMicros = (System.nanoTime() - start) / rounds / 1_000;
            System.out.println("CHURN " + rounds + " attach+detach rounds, mean " + meanMicros + " us wall time each");
        }
    }

    private static void serveCommands(EmbeddedDns dns) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("churn ")) {
                String[] words = line.strip().split(" ", 3);
                churn(dns, words[1], Integer.parseInt(words[2]));
                continue;
            }
            switch (line.strip()) {
                case "heap" -> {
                    System.gc();
                    System.gc();
                    long used = memory.getHeapMemoryUsage().getUsed();
                    System.out.println("HEAP " + used / 1024 + " KiB");
                }
                case "metrics" -> System.out.println("METRICS " + dns.metrics());
                case "quit" -> {
                    return;
                }
                default -> System.out.println("unknown command: " + line);
            }
        }
    }
}
