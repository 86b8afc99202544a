package io.shoal.dns.placement;

/**
 * The ports a container's listener holds on 127.0.0.11 inside its namespace, which the DNAT from port 53 leads to
 * ({@link io.shoal.dns.firewall.DnsRedirectRules}).
 *
 * @param udpPort the UDP port, 1..65535
 * @param tcpPort the TCP port, 1..65535
 */
public record ListenerPorts(int udpPort, int tcpPort) {
    /** Checks the range. */
    public ListenerPorts {
        check(udpPort);
        check(tcpPort);
    }

    /** {@code "UDP TCP"}, what {@link #parse} reads. */
    public String text() {
        return udpPort + " " + tcpPort;
    }

    /**
     * Reads {@link #text()}.
     *
     * @throws IllegalArgumentException not two ports separated by one space
     */
    public static ListenerPorts parse(String text) {
        String line = text.strip();
        int space = line.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("not 'UDP TCP' ports: " + text);
        }
        try {
            return new ListenerPorts(
                    Integer.parseInt(line.substring(0, space)), Integer.parseInt(line.substring(space + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not 'UDP TCP' ports: " + text, e);
        }
    }

    private static void check(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
    }
}
