package io.shoal.driver.support.testing;

import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetworkNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Real packets between namespaces: servers and clients are Java sockets opened on a thread inside their namespace
 * (a socket stays in the namespace it was created in), then used from the test's thread.
 */
public final class Traffic {
    private static final int TIMEOUT_MS = 2000;

    private Traffic() {}

    /**
     * A TCP server in {@code namespace} that answers each connection with the client's address as it saw it
     * (so masquerading can be checked), then closes.
     */
    public static final class WhoAmIServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;

        public WhoAmIServer(NetworkNamespace namespace, InetAddress address, int port)
                throws KernelException, IOException {
            socket = namespace.callInside(() -> {
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(address, port));
                return s;
            });
            thread = new Thread(this::serve, "whoami-" + port);
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    OutputStream out = client.getOutputStream();
                    out.write(client.getInetAddress().getHostAddress().getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * Connects from {@code namespace} to {@code address:port} over TCP.
     *
     * @return the server's answer (the client address it saw), or empty when no connection could be made in time
     */
    public static Optional<String> tcpAsk(NetworkNamespace namespace, InetAddress address, int port)
            throws KernelException, IOException {
        Socket socket = namespace.<Socket, IOException>callInside(Traffic::boundSocket);
        try (socket) {
            socket.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            InputStream in = socket.getInputStream();
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * A TCP socket whose file descriptor exists and is bound inside the calling thread's namespace. {@code new
     * Socket()} alone creates no descriptor until connect, which would then happen in whatever namespace the
     * connecting thread is in, so traffic meant for a test namespace would leave through the host's routes.
     */
    static Socket boundSocket() throws IOException {
        Socket socket = new Socket();
        socket.bind(null);
        return socket;
    }

    /** A UDP echo server in {@code namespace}. */
    public static final class UdpEcho implements AutoCloseable {
        private final DatagramSocket socket;

        public UdpEcho(NetworkNamespace namespace, InetAddress address, int port) throws KernelException, IOException {
            socket = namespace.<DatagramSocket, IOException>callInside(
                    () -> new DatagramSocket(new InetSocketAddress(address, port)));
            Thread thread = new Thread(this::serve, "udp-echo-" + port);
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            byte[] buffer = new byte[1500];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    socket.send(new DatagramPacket(packet.getData(), packet.getLength(), packet.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** Sends a datagram from {@code namespace} and waits for the echo; true when it came back. */
    public static boolean udpEchoes(NetworkNamespace namespace, InetAddress address, int port)
            throws KernelException, IOException {
        DatagramSocket socket = namespace.<DatagramSocket, IOException>callInside(DatagramSocket::new);
        try (socket) {
            socket.setSoTimeout(TIMEOUT_MS);
            byte[] payload = "shoal".getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(payload, payload.length, new InetSocketAddress(address, port)));
            DatagramPacket answer = new DatagramPacket(new byte[64], 64);
            socket.receive(answer);
            return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8).equals("shoal");
        } catch (SocketTimeoutException e) {
            return false;
        }
    }
}
