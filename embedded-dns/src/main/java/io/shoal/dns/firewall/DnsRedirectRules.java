package io.shoal.dns.firewall;

import io.shoal.net.IpAddresses;
import java.net.Inet4Address;

/**
 * The nftables ruleset, applied inside one container's namespace, that turns queries to {@code ADDRESS:53} into
 * queries to the listener's UDP and TCP ports, like Docker's DOCKER_OUTPUT chain.
 *
 * <p>Only the container's own locally generated traffic to that one address and port is rewritten, in the nat
 * {@code output} hook (nft(8), "NAT"), so a process in the container can still bind port 53 on any address for itself.
 * Replies need no rule: conntrack undoes the DNAT on them. The table is Shoal's alone and is replaced as a whole in one
 * nft transaction, so re-applying it is safe and a failure leaves the previous rules in place.
 */
public final class DnsRedirectRules {
    /** The table that holds the rules; nothing else in the namespace is touched. */
    public static final String TABLE = "shoal-dns";

    private DnsRedirectRules() {}

    /** The ruleset for a listener on {@code address} at {@code udpPort} and {@code tcpPort}, as text for {@code nft -f}. */
    public static String ruleset(Inet4Address address, int udpPort, int tcpPort) {
        checkPort(udpPort);
        checkPort(tcpPort);
        String ip = IpAddresses.format(address);
        return "add table ip " + TABLE + "\n"
                + "delete table ip " + TABLE + "\n"
                + "table ip " + TABLE + " {\n"
                + "\tchain output {\n"
                + "\t\ttype nat hook output priority -100; policy accept;\n"
                + "\t\tip daddr " + ip + " udp dport 53 dnat to " + ip + ":" + udpPort + "\n"
                + "\t\tip daddr " + ip + " tcp dport 53 dnat to " + ip + ":" + tcpPort + "\n"
                + "\t}\n"
                + "}\n";
    }

    /** The commands that remove the rules (and succeed when they are already gone). */
    public static String removal() {
        return "add table ip " + TABLE + "\n" + "delete table ip " + TABLE + "\n";
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
    }
}
