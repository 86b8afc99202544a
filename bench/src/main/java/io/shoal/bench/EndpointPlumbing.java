package io.shoal.bench;

import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.netlink.AddressFlag;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.LinkOptions;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.Route;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The cost of plumbing container endpoints with Shoal's netlink layer, the Java side of {@code
 * bench/netlink-endpoints.sh}. For endpoint K, with a handle on the host namespace (which has bridge {@code br0}) and
 * the container namespace {@code PREFIX-cK} already there, it does the same nine kernel requests as the script's
 * {@code ip} runs:
 *
 * <ol>
 *   <li>create veth {@code vhK} in the host namespace with its peer {@code tmpK} created directly in the container's
 *   <li>put {@code vhK} on {@code br0}, then bring it up
 *   <li>in the container: rename {@code tmpK} to {@code eth0}, set its MAC, add the IPv4 and the IPv6 (nodad)
 *       address, bring it up, add the default route
 * </ol>
 *
 * <p>Per endpoint it also opens the container namespace by name and a netlink handle inside it, and closes both: all
 * counted. The host handle is opened once, as an engine keeps one. Before measuring, {@code --warmup} endpoints are
 * plumbed into anonymous namespaces that vanish afterwards, so the JIT has seen the code (a daemon runs warm).
 *
 * <p>Usage: {@code EndpointPlumbing --host NAME --container-prefix PREFIX --count N [--warmup W]}. Prints {@code
 * shoal_total_ns=...} and {@code shoal_per_endpoint_us=...}.
 */
public final class EndpointPlumbing {
    private static final String BRIDGE = "br0";

    private EndpointPlumbing() {}

    /** Runs the measurement; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        String hostName = required(options, "--host");
        String prefix = required(options, "--container-prefix");
        int count = Integer.parseInt(required(options, "--count"));
        int warmup = Integer.parseInt(options.getOrDefault("--warmup", "50"));

        warmUp(warmup);
        try (NetworkNamespace host = NetworkNamespace.openByName(hostName);
                NetlinkHandle hostHandle = NetlinkHandle.openIn(host)) {
            long start = System.nanoTime();
            for (int k = 0; k < count; k++) {
                try (NetworkNamespace container = NetworkNamespace.openByName(prefix + "-c" + k)) {
                    plumb(hostHandle, container, k);
                }
            }
            long elapsed = System.nanoTime() - start;
            System.out.println("shoal_total_ns=" + elapsed);
            System.out.printf(Locale.ROOT, "shoal_per_endpoint_us=%.1f%n", elapsed / 1_000.0 / count);
        }
    }

    /** The nine requests for endpoint {@code k}; see the class comment. */
    static void plumb(NetlinkHandle hostHandle, NetworkNamespace container, int k)
            throws KernelException, UnknownHostException {
        String hostEnd = "vh" + k;
        String temporary = "tmp" + k;
        hostHandle.linkAdd(new LinkSpec.Veth(
                LinkOptions.named(hostEnd), LinkOptions.named(temporary), OptionalInt.of(container.fd())));
        hostHandle.linkSetMaster(hostEnd, BRIDGE);
        hostHandle.linkSetUp(hostEnd);
        try (NetlinkHandle inside = NetlinkHandle.openIn(container)) {
            // One lookup, then the index: as an engine would, rather than a lookup by name in every call.
            int eth0 = inside.linkIndex(temporary);
            inside.linkSetName(eth0, "eth0");
            inside.linkSetMac("eth0", mac(k));
            inside.addrAdd(eth0, IpPrefix.parse(ipv4(k)));
            inside.addrAdd(eth0, IpPrefix.parse(ipv6(k)), AddressFlag.NODAD);
            inside.linkSetUp("eth0");
            inside.routeAdd(Route.defaultVia(InetAddress.getByName(gateway())));
        }
    }

    /** Endpoint k's IPv4 address; the script writes the same. */
    static String ipv4(int k) {
        return "10.99." + (k / 250) + "." + (k % 250 + 2) + "/16";
    }

    /** Endpoint k's IPv6 address. */
    static String ipv6(int k) {
        return "fd99::" + Integer.toHexString(k + 2) + "/64";
    }

    /** The IPv4 gateway, a literal (no lookup). */
    static String gateway() {
        return "10.99.0.1";
    }

    /** A locally administered MAC derived from k, as Docker derives its MACs from the address. */
    static MacAddress mac(int k) {
        return MacAddress.parse(String.format(Locale.ROOT, "02:42:0a:63:%02x:%02x", (k >> 8) & 0xff, k & 0xff));
    }

    /** Plumbs {@code count} endpoints into anonymous namespaces that disappear when closed. */
    private static void warmUp(int count) throws Exception {
        if (count == 0) {
            return;
        }
        List<NetworkNamespace> containers = new ArrayList<>();
        try (NetworkNamespace host = NetworkNamespace.createAnonymous();
                NetlinkHandle hostHandle = NetlinkHandle.openIn(host)) {
            hostHandle.linkAdd(new LinkSpec.Bridge(LinkOptions.named(BRIDGE).withUp(true)));
            for (int k = 0; k < count; k++) {
                NetworkNamespace container = NetworkNamespace.createAnonymous();
                containers.add(container);
                plumb(hostHandle, container, k);
            }
        } finally {
            for (NetworkNamespace container : containers) {
                container.close();
            }
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException(
                    "usage: EndpointPlumbing --host NAME --container-prefix PREFIX --count N [--warmup W]; missing "
                            + name);
        }
        return value;
    }
}
