package io.shoal.engine.demo;

import io.shoal.net.IpPrefix;
import io.shoal.netlink.AddressFlag;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.LinkOptions;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.Route;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Shows Shoal's kernel layer at work, step by step, with real kernel objects: two namespaces ({@code shoaldemo-a},
 * {@code shoaldemo-b}) joined through a bridge in a third ({@code shoaldemo-host}) by veth pairs, addresses and
 * default routes, then real UDP and TCP exchanges over IPv4 and IPv6 between Java sockets opened inside them.
 * Everything is removed at the end; leftovers of an interrupted earlier run are removed at the start. Needs root.
 * Exits 1 when a step fails.
 */
public final class BridgeDemo {
    private static final String HOST = "shoaldemo-host";
    private static final String A = "shoaldemo-a";
    private static final String B = "shoaldemo-b";
    private static final String BRIDGE = "br-shoaldemo";
    private static final int TIMEOUT_MS = 5_000;

    private final PrintStream out;
    private final List<NetworkNamespace> opened = new ArrayList<>();

    private BridgeDemo(PrintStream out) {
        this.out = out;
    }

    /** Runs the demo; exit status 0 when every step worked. */
    public static void main(String[] args) {
        BridgeDemo demo = new BridgeDemo(System.out);
        boolean ok = demo.runAndCleanUp();
        System.out.println(ok ? "part 1 finished: every step worked" : "part 1 FAILED");
        System.exit(ok ? 0 : 1);
    }

    private boolean runAndCleanUp() {
        boolean ok = true;
        try {
            removeLeftovers();
            run();
        } catch (Exception e) {
            ok = false;
            System.err.println("step failed: " + e);
            for (Throwable suppressed : e.getSuppressed()) {
                System.err.println("  also: " + suppressed);
            }
        }
        return cleanUp() && ok;
    }

    private void run() throws Exception {
        NetworkNamespace host = create(HOST);
        NetworkNamespace a = create(A);
        NetworkNamespace b = create(B);
        InetAddress gateway = address("10.88.0.1");
        try (NetlinkHandle hostHandle = NetlinkHandle.openIn(host)) {
            hostHandle.linkAdd(new LinkSpec.Bridge(LinkOptions.named(BRIDGE).withUp(true)));
            hostHandle.addrAdd(BRIDGE, IpPrefix.parse("10.88.0.1/24"));
            step(String.format("bridge %s in %s, up, gateway address 10.88.0.1/24", BRIDGE, HOST));
            plumb(hostHandle, a, "veth-a", "10.88.0.2/24", "fd88::2/64", gateway);
            plumb(hostHandle, b, "veth-b", "10.88.0.3/24", "fd88::3/64", gateway);
        }
        udpExchange(a, "10.88.0.2", b, "10.88.0.3");
        tcpExchange(a, "10.88.0.2", b, "10.88.0.3");
        udpExchange(a, "fd88::2", b, "fd88::3");
        tcpExchange(a, "fd88::2", b, "fd88::3");
        udpExchange(b, "10.88.0.3", host, "10.88.0.1");
    }

    private NetworkNamespace create(String name) throws KernelException {
        NetworkNamespace namespace = NetworkNamespace.create(name);
        opened.add(namespace);
        try (NetlinkHandle handle = NetlinkHandle.openIn(namespace)) {
            handle.linkSetUp("lo");
        }
        step(String.format("created namespace %s (%s), lo up", name, namespace.id()));
        return namespace;
    }

    /** A veth pair: {@code hostEnd} on the bridge, its peer created directly inside {@code container} as eth0. */
    private void plumb(
            NetlinkHandle hostHandle,
            NetworkNamespace container,
            String hostEnd,
            String ipv4,
            String ipv6,
            InetAddress gateway)
            throws KernelException {
        String name = container.name().orElseThrow();
        hostHandle.linkAdd(new LinkSpec.Veth(
                LinkOptions.named(hostEnd).withMaster(BRIDGE).withUp(true),
                LinkOptions.named("eth0"),
                OptionalInt.of(container.fd())));
        step(String.format("veth %s (%s, on %s, up) <-> eth0 (%s)", hostEnd, HOST, BRIDGE, name));
        try (NetlinkHandle inside = NetlinkHandle.openIn(container)) {
            inside.addrAdd("eth0", IpPrefix.parse(ipv4));
            inside.addrAdd("eth0", IpPrefix.parse(ipv6), AddressFlag.NODAD);
            inside.linkSetUp("eth0");
            inside.routeAdd(Route.defaultVia(gateway));
        }
        step(String.format("%s: eth0 up with %s and %s, default route via %s", name, ipv4, ipv6, "10.88.0.1"));
    }

    private void udpExchange(NetworkNamespace client, String fromLiteral, NetworkNamespace server, String toLiteral)
            throws Exception {
        InetAddress from = address(fromLiteral);
        InetAddress to = address(toLiteral);
        try (DatagramSocket serverSocket = server.callInside(() -> new DatagramSocket(new InetSocketAddress(to, 0)));
                DatagramSocket clientSocket =
                        client.callInside(() -> new DatagramSocket(new InetSocketAddress(from, 0)))) {
            serverSocket.setSoTimeout(TIMEOUT_MS);
            clientSocket.setSoTimeout(TIMEOUT_MS);
            CompletableFuture<Void> served =
                    CompletableFuture.runAsync(() -> answerOneDatagram(serverSocket, toLiteral));
            byte[] hello = bytes("hello");
            clientSocket.send(new DatagramPacket(hello, hello.length, serverSocket.getLocalSocketAddress()));
            DatagramPacket reply = new DatagramPacket(new byte[256], 256);
            clientSocket.receive(reply);
            await(served);
            step(String.format(
                    "sent 'hello' over UDP from %s (%s) to %s port %d (%s), got reply '%s'",
                    fromLiteral,
                    nameOf(client),
                    toLiteral,
                    serverSocket.getLocalPort(),
                    nameOf(server),
                    text(reply.getData(), reply.getLength())));
        }
    }

    private void tcpExchange(NetworkNamespace client, String fromLiteral, NetworkNamespace server, String toLiteral)
            throws Exception {
        InetAddress from = address(fromLiteral);
        InetAddress to = address(toLiteral);
        try (ServerSocket listener = server.callInside(() -> new ServerSocket(0, 1, to))) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> answerOneConnection(listener, toLiteral));
            // java.net.Socket makes its descriptor at bind/connect: both happen inside the client's namespace.
            try (Socket socket = client.callInside(() -> connect(from, to, listener.getLocalPort()))) {
                socket.getOutputStream().write(bytes("hello"));
                socket.shutdownOutput();
                String reply = text(socket.getInputStream().readAllBytes());
                await(served);
                step(String.format(
                        "sent 'hello' over TCP from %s (%s) to %s port %d (%s), got reply '%s'",
                        fromLiteral, nameOf(client), toLiteral, listener.getLocalPort(), nameOf(server), reply));
            }
        }
    }

    private static Socket connect(InetAddress from, InetAddress to, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress(to, port), TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        return socket;
    }

    private static void answerOneDatagram(DatagramSocket socket, String self) {
        try {
            DatagramPacket request = new DatagramPacket(new byte[256], 256);
            socket.receive(request);
            byte[] reply = bytes(text(request.getData(), request.getLength()) + " back from " + self);
            socket.send(new DatagramPacket(reply, reply.length, request.getSocketAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answerOneConnection(ServerSocket listener, String self) {
        try (Socket accepted = listener.accept()) {
            accepted.setSoTimeout(TIMEOUT_MS);
            String request = text(accepted.getInputStream().readAllBytes());
            accepted.getOutputStream().write(bytes(request + " back from " + self));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the demo's namespaces left by an interrupted earlier run. */
    private void removeLeftovers() throws KernelException {
        for (String name : List.of(A, B, HOST)) {
            if (NetworkNamespace.deleteIfExists(name)) {
                step(String.format("removed namespace %s left by an earlier run", name));
            }
        }
    }

    /** Closes and deletes everything this run made, going on after a failure; returns whether all of it went. */
    private boolean cleanUp() {
        boolean ok = true;
        for (int i = opened.size() - 1; i >= 0; i--) {
            NetworkNamespace namespace = opened.get(i);
            String name = namespace.name().orElseThrow();
            try {
                namespace.close();
                NetworkNamespace.delete(name);
                step(String.format("deleted namespace %s", name));
            } catch (KernelException e) {
                ok = false;
                System.err.println("cleanup failed: " + e.getMessage());
            }
        }
        opened.clear();
        return ok;
    }

    private void step(String line) {
        out.println(line);
    }

    private static String nameOf(NetworkNamespace namespace) {
        return namespace.name().orElse(namespace.path().toString());
    }

    private static void await(CompletableFuture<Void> served)
            throws InterruptedException, ExecutionException, TimeoutException {
        served.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal); // a literal: no lookup happens
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
