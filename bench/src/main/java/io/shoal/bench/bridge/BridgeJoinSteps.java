package io.shoal.bench.bridge;

import io.shoal.bench.Latencies;
import io.shoal.driver.support.SandboxAddressing;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.LinkOptions;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.OperState;
import io.shoal.netlink.Sysctl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.LockSupport;

/**
 * Two ways of doing the sandbox side of a bridge join, timed interleaved (join K uses way K mod 2), so that the
 * load other processes put on the machine falls on all three alike: what a whole-run median of bench/bridge-join.sh
 * cannot give on a shared machine. Each join makes the veth pair (host end on a bridge, up; the peer created in the
 * sandbox as eK; each of the 30 sandboxes gets several), turns DAD off for it, adds an IPv4 and an IPv6 address and
 * both default routes (replacing the sandbox's earlier ones), and waits until both ends are operationally up; the pairs
 * are deleted at the end, outside the timed window (a deletion's deferred kernel work would slow the next join). Ways:
 *
 * <ul>
 *   <li>{@code two visits}: the sysctl on the sandbox's thread, then a handle opened there (a second visit);
 *   <li>{@code one visit}: sysctl, handle, addresses, routes and the carrier wait in one visit (what the driver
 *       does).
 * </ul>
 *
 * A third way, the thread started and the handle opened while the host makes the pair, then the sysctl, was tried
 * and measured no different either (2026-11-29, see docs/performance.md).
 *
 * Run inside a namespace of its own: {@code scripts/in-netns java -cp bench/target/benchmarks.jar
 * io.shoal.bench.bridge.BridgeJoinSteps}.
 */
public final class BridgeJoinSteps {
    private static final String PREFIX = "shoalbench-steps-";
    private static final String BRIDGE = "br0";
    private static final int SANDBOXES = 30;
    private static final int WARMUP = 60;
    private static final int PER_WAY = 100;
    private static final String[] WAYS = {"two visits", "one visit"};

    private BridgeJoinSteps() {}

    public static void main(String[] args) throws Exception {
        List<NetworkNamespace> sandboxes = new ArrayList<>();
        try (NetworkNamespace hostNs = NetworkNamespace.create(PREFIX + "host");
                NetlinkHandle host = NetlinkHandle.openIn(hostNs)) {
            for (int i = 0; i < SANDBOXES; i++) {
                sandboxes.add(NetworkNamespace.create(PREFIX + "c" + i));
            }
            host.linkAdd(new LinkSpec.Bridge(LinkOptions.named(BRIDGE).withUp(true)));
            host.addrAdd(BRIDGE, address("10.91.0.1/16"));
            Sysctl.of(hostNs).set("net/ipv6/conf/" + BRIDGE + "/accept_dad", "0");
            host.addrAdd(BRIDGE, address("fd91::1/64"), io.shoal.netlink.AddressFlag.NODAD);
            Latencies[] times = new Latencies[WAYS.length];
            for (int w = 0; w < WAYS.length; w++) {
                times[w] = new Latencies(PER_WAY);
            }
            for (int k = 0; k < WARMUP + PER_WAY * WAYS.length; k++) {
                NetworkNamespace sandbox = sandboxes.get(k % SANDBOXES);
                int way = k % WAYS.length;
                String veth = "vb" + k;
                long start = System.nanoTime();
                join(way, host, sandbox, veth, k);
                long took = System.nanoTime() - start;
                if (k >= WARMUP) {
                    times[way].add(took);
                }
            }
            for (int k = 0; k < WARMUP + PER_WAY * WAYS.length; k++) {
                host.linkDelete("vb" + k);
            }
            for (int w = 0; w < WAYS.length; w++) {
                System.out.println(times[w].summary("join, " + WAYS[w]));
            }
        } finally {
            for (NetworkNamespace sandbox : sandboxes) {
                sandbox.close();
            }
            for (String name : NetworkNamespace.names()) {
                if (name.startsWith(PREFIX)) {
                    NetworkNamespace.delete(name);
                }
            }
        }
    }

    private static void join(int way, NetlinkHandle host, NetworkNamespace named, String veth, int k)
            throws KernelException {
        try (NetworkNamespace sandbox = NetworkNamespace.openByPath(named.path())) {
            LinkSpec.Veth pair = new LinkSpec.Veth(
                    LinkOptions.named(veth).withMaster(BRIDGE).withUp(true),
                    LinkOptions.named("e" + k).withMac(mac(k)),
                    OptionalInt.of(sandbox.fd()));
            switch (way) {
                case 0 -> {
                    host.linkAdd(pair);
                    Sysctl.of(sandbox).set("net/ipv6/conf/e" + k + "/accept_dad", "0");
                    try (NetlinkHandle container = NetlinkHandle.openIn(sandbox)) {
                        configure(container, k);
                    }
                }
                default -> {
                    host.linkAdd(pair);
                    sandbox.runInside(() -> {
                        Sysctl.of(sandbox).set("net/ipv6/conf/e" + k + "/accept_dad", "0");
                        try (NetlinkHandle container = NetlinkHandle.open()) {
                            configure(container, k);
                        }
                    });
                }
            }
            awaitUp(host, veth);
        }
    }

    private static void configure(NetlinkHandle container, int k) throws KernelException {
        int n = k % 60000 + 2;
        SandboxAddressing.configure(
                container,
                "e" + k,
                container.linkIndex("e" + k),
                Optional.of(IpPrefix.parse("10.91." + (n >> 8) + "." + (n & 0xff) + "/16")),
                Optional.of(IpPrefix.parse("fd91::" + Integer.toHexString(n) + "/64")),
                Optional.of(IpPrefix.parse("10.91.0.1/16").address()),
                Optional.of(IpPrefix.parse("fd91::1/64").address()));
        awaitUp(container, "e" + k);
    }

    /** As the driver's LinkReadiness: poll every millisecond until operationally up. */
    private static void awaitUp(NetlinkHandle handle, String name) throws KernelException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (handle.linkGet(name).operState() != OperState.UP && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static IpPrefix address(String cidr) {
        return IpPrefix.parse(cidr);
    }

    private static MacAddress mac(int k) {
        return MacAddress.of(new byte[] {0x02, 0x42, 10, 91, (byte) (k >> 8), (byte) k});
    }
}
