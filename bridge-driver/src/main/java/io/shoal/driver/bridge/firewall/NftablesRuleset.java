package io.shoal.driver.bridge.firewall;

import io.shoal.spi.net.IpPrefix;
import java.net.Inet6Address;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Renders every bridge network's rules as one nftables script that replaces Shoal's own table, {@code inet shoal},
 * in a single transaction ({@code nft -f} applies a file atomically: nft(8), "ATOMIC RULE REPLACEMENT"). Nothing
 * outside that table is touched, and established connections survive a re-render because conntrack does not live
 * in the ruleset.
 *
 * <p>With br_netfilter on (bridge-nf-call-iptables=1), frames bridged between two containers of one network pass
 * the inet forward hook with iifname and oifname both the bridge; that is how inter-container communication is
 * allowed or refused here, as Docker does with iptables.
 */
public final class NftablesRuleset {
    /** Shoal's table; the only one it writes. */
    public static final String TABLE = "inet shoal";

    private NftablesRuleset() {}

    /** The script for these networks; deterministic (networks sorted by bridge name). */
    public static String render(Collection<NetworkRules> networks) {
        List<NetworkRules> sorted = networks.stream()
                .sorted(Comparator.comparing(NetworkRules::bridge))
                .toList();
        StringBuilder out = new StringBuilder();
        // Declaring the table before deleting it makes the delete succeed on the first run too.
        out.append("table ").append(TABLE).append(" {}\n");
        out.append("delete table ").append(TABLE).append('\n');
        out.append("table ").append(TABLE).append(" {\n");
        baseChains(out, sorted);
        for (NetworkRules network : sorted) {
            networkChains(out, network);
        }
        publishedChain(out, sorted);
        out.append("}\n");
        return out.toString();
    }

    /** The script that removes Shoal's table and with it every rule Shoal made. */
    public static String removal() {
        return "table " + TABLE + " {}\ndelete table " + TABLE + "\n";
    }

    private static void baseChains(StringBuilder out, List<NetworkRules> networks) {
        chainStart(out, "forward", "type filter hook forward priority filter; policy accept;");
        rule(out, "ct state established,related accept");
        if (!networks.isEmpty()) {
            rule(out, "oifname vmap { " + verdicts(networks, "in") + " }");
            rule(out, "iifname vmap { " + verdicts(networks, "out") + " }");
        }
        chainEnd(out);
        chainStart(out, "postrouting", "type nat hook postrouting priority srcnat; policy accept;");
        if (!networks.isEmpty()) {
            rule(out, "iifname vmap { " + verdicts(networks, "post") + " }");
        }
        chainEnd(out);
        chainStart(out, "prerouting", "type nat hook prerouting priority dstnat; policy accept;");
        rule(out, "fib daddr type local jump published");
        chainEnd(out);
        // Connections the host itself opens to a published port on one of its own addresses.
        chainStart(out, "output", "type nat hook output priority -100; policy accept;");
        rule(out, "fib daddr type local jump published");
        chainEnd(out);
    }

    private static String verdicts(List<NetworkRules> networks, String suffix) {
        StringBuilder out = new StringBuilder();
        for (NetworkRules network : networks) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(quoted(network.bridge())).append(" : jump ").append(chain(network, suffix));
        }
        return out.toString();
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
            // Hairpin: a container reaching a sibling through a published port must see the answer come back from
            // the address it asked, so the request leaves with the gateway as its source.
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
        return "net-" + network.bridge() + "-" + suffix;
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
