package io.shoal.dns.firewall;

import io.shoal.net.IpAddresses;
import java.net.Inet4Address;
import java.nio.ByteBuffer;

/**
 * The nftables ruleset, applied inside one container's namespace, that turns queries to {@code ADDRESS:53} into
 * queries to the listener's UDP and TCP ports, like Docker's DOCKER_OUTPUT chain.
 *
 * <p>Only the container's own locally generated traffic to that one address and port is rewritten, in the
 * {@code output} hook (nft(8), "ADDRESS FAMILIES"), so a process in the container can still bind port 53 on any address
 * for itself. The table is Shoal's alone and is replaced as a whole in one nft transaction, so re-applying it is safe
 * and a failure leaves the previous rules in place.
 *
 * <p><b>UDP is rewritten statelessly</b>, before conntrack sees it (a filter chain at priority {@code raw}, the packets
 * marked {@code notrack}): the query's destination port 53 becomes the listener's port, and the listener's answers
 * (source address and port the listener's) get source port 53 back. A DNAT would do the same through a conntrack entry,
 * and the lookups, NAT and re-routing that costs on both packets of every query were ~15 % of the resolver's and of the
 * client's CPU per query (docs/performance.md, "DNS: the UDP redirect without conntrack"). One more rule keeps what
 * conntrack gave clients when nobody holds the listener's port (a restart): the kernel's ICMP port unreachable quotes
 * the rewritten query (RFC 792), which a connected client socket would not recognise as its own; the rule writes port
 * 53 back into the quoted UDP header, so the client learns ECONNREFUSED at once as before (udp(7), "ERRORS"). nft
 * updates no checksum for a write at a raw offset ({@code @th}), so the rule also writes the difference into the
 * message's unused octets 6-7 (zero for a port unreachable, RFC 792), which leaves the ICMP checksum right (RFC 1071:
 * a one's-complement sum of 16-bit words). TCP keeps its DNAT: connections are few and long, and their resets need
 * conntrack's translation.
 */
public final class DnsRedirectRules {
    /** The table that holds the rules; nothing else in the namespace is touched. */
    public static final String TABLE = "shoal-dns";

    private static final int DNS_PORT = 53;
    /** IPPROTO_UDP, in the quoted IPv4 header of an ICMP error. */
    private static final int UDP = 17;

    private DnsRedirectRules() {}

    /** The ruleset for a listener on {@code address} at {@code udpPort} and {@code tcpPort}, as text for {@code nft -f}. */
    public static String ruleset(Inet4Address address, int udpPort, int tcpPort) {
        checkPort(udpPort);
        checkPort(tcpPort);
        String ip = IpAddresses.format(address);
        return "add table ip " + TABLE + "\n"
                + "delete table ip " + TABLE + "\n"
                + "table ip " + TABLE + " {\n"
                + "\tchain raw {\n"
                + "\t\ttype filter hook output priority raw; policy accept;\n"
                + "\t\tip daddr " + ip + " udp dport " + DNS_PORT + " notrack udp dport set " + udpPort + "\n"
                + "\t\tip saddr " + ip + " udp sport " + udpPort + " notrack udp sport set " + DNS_PORT + "\n"
                + "\t\t" + quotedPortRestored(address, udpPort) + "\n"
                + "\t}\n"
                + "\tchain output {\n"
                + "\t\ttype nat hook output priority -100; policy accept;\n"
                + "\t\tip daddr " + ip + " tcp dport " + DNS_PORT + " dnat to " + ip + ":" + tcpPort + "\n"
                + "\t}\n"
                + "}\n";
    }

    /**
     * The rule for a port unreachable about a query sent to the listener's port: bit offsets in the ICMP message
     * ({@code @th}) are 48 for octets 6-7, 136 for the quoted IPv4 header's protocol (a header of 20 octets: the
     * kernel's own queries carry no options), 192 for its destination address and 240 for the quoted UDP destination
     * port. Raising octets 6-7 from 0 by as much as the port falls (modulo 0xFFFF, the one's-complement sum's modulus)
     * keeps the checksum's sum unchanged.
     */
    private static String quotedPortRestored(Inet4Address address, int udpPort) {
        int destination = ByteBuffer.wrap(address.getAddress()).getInt();
        return "icmp type destination-unreachable icmp code port-unreachable @th,48,16 0 @th,136,8 " + UDP
                + " @th,192,32 0x" + Integer.toHexString(destination) + " @th,240,16 " + udpPort
                + " notrack @th,240,16 set " + DNS_PORT + " @th,48,16 set " + Math.floorMod(udpPort - DNS_PORT, 0xFFFF);
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
