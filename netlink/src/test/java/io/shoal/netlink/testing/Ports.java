package io.shoal.netlink.testing;

import io.shoal.net.IpAddresses;
import io.shoal.netlink.NetworkNamespace;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Whether a port is free in a namespace, asked the way a process would: by binding it. Addresses are IP literals
 * (never names, so nothing is looked up); a bind refused for any reason (EADDRINUSE, EADDRNOTAVAIL) answers false.
 */
public final class Ports {
    private Ports() {}

    /** True if a TCP listener can bind {@code address:port} in {@code namespace} now; the socket is closed again. */
    public static boolean canListen(NetworkNamespace namespace, String address, int port) throws Exception {
        try (ServerSocket socket = namespace.callInside(() -> listen(address, port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True if a UDP socket can bind {@code address:port} in {@code namespace} now; the socket is closed again. */
    public static boolean canBindUdp(NetworkNamespace namespace, String address, int port) throws Exception {
        try (DatagramSocket socket = namespace.callInside(
                () -> new DatagramSocket(new InetSocketAddress(IpAddresses.parse(address), port)))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A TCP listener bound to {@code address:port} with SO_REUSEADDR (so TIME_WAIT leftovers do not count), in the
     * calling thread's namespace; the caller closes it.
     *
     * @throws IOException if the bind is refused
     */
    public static ServerSocket listen(String address, int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(IpAddresses.parse(address), port));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
