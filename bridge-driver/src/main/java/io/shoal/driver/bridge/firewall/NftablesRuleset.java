package io.shoal.driver.bridge.firewall;

import io.shoal.spi.net.IpPrefix;
import java.net.Inet6Address;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Shoal's nftables table, {@code inet shoal}, as scripts for {@code nft -f}; each script is applied as one
 * transaction (nft(8), "ATOMIC RULE REPLACEMENT"). Nothing outside that table is touched.
 *
 * <p>The table holds base chains that dispatch on the bridge through three verdict maps ({@code to-bridge},
 * {@code from-bridge}, {@code post-from-bridge}), one set of chains per network ({@code n-KEY-in}, {@code -out},
 * {@code -post}) and the {@code published} chain of DNAT rules. Adding a network only adds chains and map elements,
 * which the kernel commits at once; deleting anything waits for an RCU grace period in the kernel's commit (tens of
 * milliseconds on a busy machine), which is why the driver removes networks off the request path.
 *
 * <p>With br_netfilter on (bridge-nf-call-iptables=1), frames bridged between two containers of one network pass
 * the inet forward hook with iifname and oifname both the bridge; that is how inter-container communication is
 * allowed or refused here, as Docker does with iptables.
 */
public final class NftablesRuleset {
    /** Shoal's table; the only one it writes. */
    public static final String TABLE = "inet shoal";

    private static final String[][] MAPS = {{"to-bridge", "in"}, {"from-bridge", "out"}, {"post-from-bridge", "post"}};

    private NftablesRuleset() {}

    /**
     * The whole table for these networks, replacing whatever Shoal's table held: used at start and after a restart.
     * Deterministic (networks sorted by bridge name).
     */
    public static String render(Collection<NetworkRules> networks) {
        List<NetworkRules> sorted = sorted(networks);
        StringBuilder out = new StringBuilder();
        // Declaring the table before deleting it makes the delete succeed on the first run too.
        out.append("table ").append(TABLE).append(" {}\n");
        out.append("delete table ").append(TABLE).append('\n');
        out.append("table ").append(TABLE).append(" {\n");
        baseChains(out);
        for (NetworkRules network : sorted) {
            networkChains(out, network);
        }
        publishedChain(out, sorted);
        out.append("}\n");
        for (NetworkRules network : sorted) {
            elements(out, "add", network);
        }
        return out.toString();
    }

    /** Adds one network's chains and map elements to a table made by {@link #render}; adds only. */
    public static String addNetwork(NetworkRules network) {
        StringBuilder out = new StringBuilder();
        out.append("table ").append(TABLE).append(" {\n");
        networkChains(out, network);
        out.append("}\n");
        elements(out, "add", network);
        return out.toString();
    }

    /**
     * Removes one network's chains, and its map elements when {@code ownsElements} (another network may have taken
     * the bridge name over since).
     */
    public static String removeNetwork(NetworkRules network, boolean ownsElements) {
        StringBuilder out = new StringBuilder();
        if (ownsElements) {
            elements(out, "delete", network);
        }
        for (String[] map : MAPS) {
            out.append("delete chain ")
                    .append(TABLE)
                    .append(' ')
                    .append(chain(network, map[1]))
                    .append('\n');
        }
        return out.toString();
    }

    /** Deletes the map elements that send one network's bridge to its chains. */
    public static String removeElements(NetworkRules network) {
        StringBuilder out = new StringBuilder();
        elements(out, "delete", network);
        return out.toString();
    }

    /** Replaces the DNAT rules of every network's published ports. */
    public static String published(Collection<NetworkRules> networks) {
        StringBuilder out = new StringBuilder();
        out.append("flush chain ").append(TABLE).append(" published\n");
        out.append("table ").append(TABLE).append(" {\n");
        publishedChain(out, sorted(networks));
        out.append("}\n");
        return out.toString();
    }

    private static List<NetworkRules> sorted(Collection<NetworkRules> networks) {
        return networks.stream()
                .sorted(Comparator.comparing(NetworkRules::bridge).thenComparing(NetworkRules::key))
                .toList();
    }

    private static void baseChains(StringBuilder out) {
        for (String[] map : MAPS) {
            out.append("  map ").append(map[0]).append(" {\n    type ifname : verdict\n  }\n");
        }
        chainStart(out, "forward", "type filter hook forward priority filter; policy accept;");
        rule(out, "ct state established,related accept");
        rule(out, "oifname vmap @to-bridge");
        rule(out, "iifname vmap @from-bridge");
        chainEnd(out);
        chainStart(out, "postrouting", "type nat hook postrouting priority srcnat; policy accept;");
        rule(out, "iifname vmap @post-from-bridge");
        chainEnd(out);
        chainStart(out, "prerouting", "type nat hook prerouting priority dstnat; policy accept;");
        rule(out, "fib daddr type local jump published");
        chainEnd(out);
        // Connections the host itself opens to a published port on one of its own addresses.
        chainStart(out, "output", "type nat hook output priority -100; policy accept;");
        rule(out, "fib daddr type local jump published");
        chainEnd(out);
    }

    private static void elements(StringBuilder out, String verb, NetworkRules network) {
        for (String[] map : MAPS) {
            out.append(verb)
                    .append(" element ")
                    .append(TABLE)
                    .append(' ')
                    .append(map[0])
                    .append(" { ")
                    .append(quoted(network.bridge()))
                    .append(" : jump ")
                    .append(chain(network, map[1]))
                    .append(" }\n");
        }
    }

    private static void networkChains(StringBuilder out, NetworkRules network) {
        String bridge = quoted(network.bridge());
        chainStart(out, chain(network, "in"), null);
        if (!network.internal()) {
            rule(out, "ct status dnat accept");
        }
        if (network.interContainer()) {
            rule(out, "iifname " + bridge + " accept");
        }
        // Anything else routed into the network: other bridges (isolation) and the outside (no direct access).
        rule(out, "drop");
        chainEnd(out);

        chainStart(out, chain(network, "out"), null);
        if (network.internal()) {
            rule(out, "oifname != " + bridge + " drop");
        }
        chainEnd(out);

        chainStart(out, chain(network, "post"), null);
        if (network.masquerade() && !network.internal()) {
            for (IpPrefix subnet : network.subnets()) {
                rule(out, "oifname != " + bridge + " " + family(subnet) + " saddr " + subnet + " masquerade");
            }
        }
        if (!network.internal()) {
            // Hairpin: when bridged frames do not pass netfilter, a container reaching a sibling through a published
            // port must see the answer come back from the address it asked, so the request leaves with the gateway
            // as its source.
            rule(out, "oifname " + bridge + " ct status dnat masquerade");
        }
        chainEnd(out);
    }

    private static void publishedChain(StringBuilder out, List<NetworkRules> networks) {
        chainStart(out, "published", null);
        for (NetworkRules network : networks) {
            if (network.internal()) {
                continue;
            }
            for (PublishedPort port : network.published()) {
                rule(out, dnat(port));
            }
        }
        chainEnd(out);
    }

    private static String dnat(PublishedPort port) {
        boolean v6 = port.containerAddress() instanceof Inet6Address;
        String family = v6 ? "ip6" : "ip";
        StringBuilder rule = new StringBuilder();
        port.hostAddress()
                .ifPresentOrElse(
                        host -> rule.append(family)
                                .append(" daddr ")
                                .append(IpPrefix.compactHost(host))
                                .append(' '),
                        () -> rule.append("meta nfproto ").append(v6 ? "ipv6 " : "ipv4 "));
        String container = IpPrefix.compactHost(port.containerAddress());
        rule.append(port.protocol().lowerCase())
                .append(" dport ")
                .append(port.hostPort())
                .append(" dnat ")
                .append(family)
                .append(" to ")
                .append(v6 ? "[" + container + "]" : container)
                .append(':')
                .append(port.containerPort());
        return rule.toString();
    }

    private static String family(IpPrefix subnet) {
        return subnet.isIpv6() ? "ip6" : "ip";
    }

    private static String chain(NetworkRules network, String suffix) {
        return "n-" + network.key() + "-" + suffix;
    }

    private static String quoted(String name) {
        return '"' + name + '"';
    }

    private static void chainStart(StringBuilder out, String name, String hook) {
        out.append("  chain ").append(name).append(" {\n");
        if (hook != null) {
            out.append("    ").append(hook).append('\n');
        }
    }

    private static void rule(StringBuilder out, String rule) {
        out.append("    ").append(rule).append('\n');
    }

    private static void chainEnd(StringBuilder out) {
        out.append("  }\n");
    }
}
