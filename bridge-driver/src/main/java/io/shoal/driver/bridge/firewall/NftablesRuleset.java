package io.shoal.driver.bridge.firewall;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
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
    private static final List<String> PUBLISHED_CHAINS = List.of("published", "published-loopback", "hairpin");

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

    /** Replaces the rules of every network's published ports: DNAT, loopback DNAT and hairpin masquerade. */
    public static String published(Collection<NetworkRules> networks) {
        StringBuilder out = new StringBuilder();
        for (String chain : PUBLISHED_CHAINS) {
            out.append("flush chain ").append(TABLE).append(' ').append(chain).append('\n');
        }
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
        out.append("  set bridges {\n    type ifname\n  }\n");
        // Every bridge has route_localnet=1 so the host's own connections to a port published on 127.0.0.1 can be
        // sent to a container; that must not let anything on a bridge reach or pose as the host's loopback (the
        // kernel would otherwise drop such martians, RFC 1122 §3.2.1.3). Raw priority sees addresses before NAT.
        chainStart(out, "raw-prerouting", "type filter hook prerouting priority raw; policy accept;");
        rule(out, "iifname @bridges ip daddr 127.0.0.0/8 drop");
        rule(out, "iifname @bridges ip saddr 127.0.0.0/8 drop");
        chainEnd(out);
        chainStart(out, "forward", "type filter hook forward priority filter; policy accept;");
        rule(out, "ct state established,related accept");
        rule(out, "oifname vmap @to-bridge");
        rule(out, "iifname vmap @from-bridge");
        // A new connection from a Shoal bridge into a dockerd's bridge (docker0, or br-<12 hex> for its user
        // networks: Shoal's own br- bridges are in @bridges) is refused, as Docker isolates two of its own bridge
        // networks (DOCKER-ISOLATION-STAGE-2); a published port of the other engine (DNATed at a host address)
        // stays reachable, as between two Shoal networks. Matched by Docker's names, not by link kind: a host
        // whose uplink is itself a bridge (br0, virbr0) must keep its egress. The reverse direction meets the
        // network's n-KEY-in chain, which drops it. Interface name wildcards: nft(8), "META EXPRESSIONS".
        rule(out, "iifname @bridges oifname \"docker0\" ct status ! dnat drop");
        rule(out, "iifname @bridges oifname \"br-*\" oifname != @bridges ct status ! dnat drop");
        chainEnd(out);
        chainStart(out, "postrouting", "type nat hook postrouting priority srcnat; policy accept;");
        rule(out, "iifname vmap @post-from-bridge");
        rule(out, "ct status dnat jump hairpin");
        // The host's own connection to a port published on 127.0.0.1 leaves with a loopback source the container
        // cannot answer.
        rule(out, "oifname @bridges ct status dnat ip saddr 127.0.0.0/8 masquerade");
        chainEnd(out);
        chainStart(out, "prerouting", "type nat hook prerouting priority dstnat; policy accept;");
        // A packet from another machine addressed to a loopback address (a neighbour routing 127.0.0.1 at the host)
        // is a martian the kernel drops (RFC 1122 §3.2.1.3) unless something translates it first: never here.
        rule(out, "ip daddr 127.0.0.0/8 return");
        rule(out, "ip6 daddr ::1 return");
        rule(out, "fib daddr type local jump published");
        chainEnd(out);
        // Connections the host itself opens to a published port on one of its own addresses; only these may reach a
        // port published on a loopback address, which prerouting (traffic arriving on any interface) never translates.
        chainStart(out, "output", "type nat hook output priority -100; policy accept;");
        rule(out, "fib daddr type local jump published");
        rule(out, "ip daddr 127.0.0.0/8 jump published-loopback");
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
        out.append(verb)
                .append(" element ")
                .append(TABLE)
                .append(" bridges { ")
                .append(quoted(network.bridge()))
                .append(" }\n");
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

    /**
     * {@code published}: DNAT for ports on every address or a specific one, from prerouting and output;
     * {@code published-loopback}: DNAT for ports on a loopback address, from output only; {@code hairpin}: a container
     * reaching its own published port gets its request back from itself, which it would drop (a source address of its
     * own, RFC 1812 §5.3.7) or answer to itself, so only that flow is masqueraded to come from the gateway.
     */
    private static void publishedChain(StringBuilder out, List<NetworkRules> networks) {
        List<PublishedPort> ports = networks.stream()
                .filter(n -> !n.internal())
                .flatMap(n -> n.published().stream())
                .toList();
        chainStart(out, "published", null);
        ports.stream().filter(p -> !p.loopback()).forEach(p -> rule(out, dnat(p)));
        chainEnd(out);
        chainStart(out, "published-loopback", null);
        ports.stream().filter(PublishedPort::loopback).forEach(p -> rule(out, dnat(p)));
        chainEnd(out);
        chainStart(out, "hairpin", null);
        ports.stream().map(NftablesRuleset::hairpin).distinct().forEach(r -> rule(out, r));
        chainEnd(out);
    }

    private static String hairpin(PublishedPort port) {
        String family = port.containerAddress() instanceof Inet6Address ? "ip6" : "ip";
        String container = IpAddresses.format(port.containerAddress());
        return family + " saddr " + container + " " + family + " daddr " + container + " "
                + port.protocol().lowerCase() + " dport " + port.containerPort() + " masquerade";
    }

    private static String dnat(PublishedPort port) {
        boolean v6 = port.containerAddress() instanceof Inet6Address;
        String family = v6 ? "ip6" : "ip";
        StringBuilder rule = new StringBuilder();
        port.hostAddress()
                .ifPresentOrElse(
                        host -> rule.append(family)
                                .append(" daddr ")
                                .append(IpAddresses.format(host))
                                .append(' '),
                        () -> rule.append("meta nfproto ").append(v6 ? "ipv6 " : "ipv4 "));
        String container = IpAddresses.format(port.containerAddress());
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
