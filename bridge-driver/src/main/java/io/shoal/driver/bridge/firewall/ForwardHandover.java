package io.shoal.driver.bridge.firewall;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Hands the forwarded traffic of Shoal's bridges over to Shoal's own table past a dockerd's iptables in the same
 * network namespace, as nftables scripts.
 *
 * <p>Why: dockerd (with {@code --iptables}, its default) sets the policy of iptables' {@code FORWARD} chain to DROP,
 * and with br_netfilter even frames bridged between two containers of one bridge pass that chain. In nftables every
 * base chain of a hook sees the packet and a drop in any of them is final, so an accept in {@code inet shoal} cannot
 * overrule iptables-nft's {@code ip filter FORWARD}; only a rule in that chain's path can. Docker's documented place
 * for rules of one's own is the chain {@code DOCKER-USER}, which {@code FORWARD} jumps to first: dockerd makes it only
 * when it is missing, appends its {@code RETURN}, moves its jump to the head of {@code FORWARD} at every start, and
 * never flushes it.
 *
 * <p>What is written, for {@code ip} and {@code ip6} alike, in iptables-nft's table {@code filter}: a regular chain
 * {@code SHOAL-FORWARD} of Shoal's own with, per Shoal bridge, {@code iifname BRIDGE accept} and
 * {@code oifname BRIDGE accept} ({@code -i BRIDGE -j ACCEPT}, {@code -o BRIDGE -j ACCEPT} to iptables), and one rule
 * {@code jump SHOAL-FORWARD} at the head of {@code DOCKER-USER}; the table and {@code DOCKER-USER} are made when
 * missing (empty, no hook: without a dockerd nothing jumps there), so a dockerd started later adopts them and the
 * hand-over holds whichever engine starts first. The rules name bridges one by one because Shoal's bridges are named
 * {@code br-<12 hex>} like dockerd's: a name pattern would hand dockerd's bridges over too. Everything stays in
 * the forms iptables-nft reads back (interface matches, accept, jump), or dockerd's iptables calls would find the
 * table incompatible. What an accepted packet may do is still decided in {@code inet shoal} (isolation between
 * networks, {@code --internal}, {@code icc}, published ports), which it passes as well.
 *
 * <p>Nothing of dockerd's is changed: Shoal adds to {@code DOCKER-USER} one rule, and rewrites only its own chain.
 * {@code ./shoal down} removes the jump and the chain (scripts/daemon.sh).
 */
public final class ForwardHandover {
    /** Shoal's chain in each family's table {@code filter}. */
    public static final String CHAIN = "SHOAL-FORWARD";
    /** Docker's chain for rules of the host's own, jumped to first from {@code FORWARD}. */
    public static final String DOCKER_USER = "DOCKER-USER";

    private static final List<String> FAMILIES = List.of("ip", "ip6");

    private ForwardHandover() {}

    /** The command that lists one family's {@code DOCKER-USER} (it fails when the table or chain is missing). */
    public static List<String> listings() {
        return FAMILIES.stream()
                .map(family -> "list chain " + family + " filter " + DOCKER_USER)
                .toList();
    }

    /** Whether a listing of {@code DOCKER-USER} (as {@link #listings} lists it) holds the jump to Shoal's chain. */
    public static boolean jumps(String listing) {
        return listing.lines().map(String::strip).anyMatch(line -> line.equals("jump " + CHAIN));
    }

    /**
     * The whole hand-over for these bridges: tables and chains made when missing, Shoal's chain rewritten, and the
     * jump inserted in each family whose {@code DOCKER-USER} lacks it ({@code jumpMissing}: ip, ip6 in that order).
     */
    public static String render(Collection<String> bridges, List<Boolean> jumpMissing) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < FAMILIES.size(); i++) {
            String table = FAMILIES.get(i) + " filter";
            out.append("add table ").append(table).append('\n');
            out.append("add chain ")
                    .append(table)
                    .append(' ')
                    .append(DOCKER_USER)
                    .append('\n');
            out.append("add chain ").append(table).append(' ').append(CHAIN).append('\n');
            chainRules(out, table, bridges);
            if (jumpMissing.get(i)) {
                out.append("insert rule ")
                        .append(table)
                        .append(' ')
                        .append(DOCKER_USER)
                        .append(" jump ")
                        .append(CHAIN)
                        .append('\n');
            }
        }
        return out.toString();
    }

    /** Adds one bridge's rules to a hand-over written by {@link #render}; adds only. */
    public static String addBridge(String bridge) {
        StringBuilder out = new StringBuilder();
        for (String family : FAMILIES) {
            bridgeRules(out, family + " filter", bridge);
        }
        return out.toString();
    }

    /** Rewrites Shoal's chain for these bridges in a hand-over written by {@link #render}. */
    public static String rewrite(Collection<String> bridges) {
        StringBuilder out = new StringBuilder();
        for (String family : FAMILIES) {
            chainRules(out, family + " filter", bridges);
        }
        return out.toString();
    }

    /** Shoal's chain in {@code table} flushed and refilled with the bridges' rules, in name order. */
    private static void chainRules(StringBuilder out, String table, Collection<String> bridges) {
        out.append("flush chain ").append(table).append(' ').append(CHAIN).append('\n');
        for (String bridge : new TreeSet<>(bridges)) {
            bridgeRules(out, table, bridge);
        }
    }

    private static void bridgeRules(StringBuilder out, String table, String bridge) {
        for (String direction : List.of("iifname", "oifname")) {
            out.append("add rule ")
                    .append(table)
                    .append(' ')
                    .append(CHAIN)
                    .append(' ')
                    .append(direction)
                    .append(" \"")
                    .append(bridge)
                    .append("\" accept\n");
        }
    }
}
