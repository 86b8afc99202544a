package io.shoal.dns.placement;

import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetworkNamespace;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Asks, from inside a container's namespace, whether a DNS message sent to 127.0.0.11:53 reaches the engine's
 * listener: the check that the DNAT rule left there by an earlier engine leads to the ports bound now ({@link
 * PortReuse}).
 *
 * <p>The probe is a header-only message with opcode STATUS (RFC 1035 §4.1.1: opcode 2) and a random id: the listener
 * answers it NOTIMP itself, never forwarding it upstream, so no real resolver is ever asked. A connected UDP socket
 * learns of an ICMP port unreachable as {@link PortUnreachableException} (udp(7), "ERRORS"): with no rule, or a rule
 * to a port nobody holds, the answer is "no" at once; only a lost datagram waits for the whole timeout.
 */
public final class RedirectProbe {
    private static final int DNS_PORT = 53;
    private static final int HEADER_LENGTH = 12;
    private static final int OPCODE_STATUS = 2;
    private static final SecureRandom IDS = new SecureRandom();

    private RedirectProbe() {}

    /**
     * Whether a response with the probe's id came back from {@code address}:53 within {@code timeout}, asked from inside
     * {@code namespace}.
     *
     * @throws IOException the namespace could not be entered or the socket not opened
     */
    public static boolean answered(NetworkNamespace namespace, InetAddress address, Duration timeout)
            throws IOException {
        int id = IDS.nextInt(1 << 16);
        try {
            return namespace.callInside(() -> ask(address, id, timeout));
        } catch (KernelException e) {
            throw new IOException("enter " + namespace + " to probe its DNS redirect: " + e.getMessage(), e);
        }
    }

    private static boolean ask(InetAddress address, int id, Duration timeout) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(address, DNS_PORT));
            socket.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
            byte[] query = query(id);
            socket.send(new DatagramPacket(query, query.length));
            byte[] buffer = new byte[512];
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                DatagramPacket response = new DatagramPacket(buffer, buffer.length);
                socket.receive(response);
                if (isResponseTo(id, buffer, response.getLength())) {
                    return true;
                }
            }
            return false;
        } catch (PortUnreachableException | SocketTimeoutException noAnswer) {
            return false;
        }
    }

    /** A header with the id, opcode STATUS and every count 0. */
    static byte[] query(int id) {
        byte[] header = new byte[HEADER_LENGTH];
        header[0] = (byte) (id >>> 8);
        header[1] = (byte) id;
        header[2] = (byte) (OPCODE_STATUS << 3);
        return header;
    }

    /** A response (QR set) carrying {@code id}. */
    static boolean isResponseTo(int id, byte[] message, int length) {
        return length >= HEADER_LENGTH
                && (message[0] & 0xff) == (id >>> 8)
                && (message[1] & 0xff) == (id & 0xff)
                && (message[2] & 0x80) != 0;
    }
}
