package io.shoal.dns.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A tiny upstream resolver on a loopback address for the tests, UDP and TCP on one port: it answers A questions for
 * {@code *.upstream.test.} with 192.0.2.1 (and {@code big.upstream.test.} with {@value #BIG_SIZE} addresses),
 * the records a test {@link #add}s (any name, any type), NXDOMAIN for everything else, or behaves as its {@link Mode}
 * says. It remembers every name it was asked ({@link #askedFor}). Never a real resolver.
 */
public final class TestUpstream implements AutoCloseable {
    public static final int BIG_SIZE = 60;
    public static final Name ZONE = Name.fromConstantString("upstream.test.");

    /** How the upstream behaves. */
    public enum Mode {
        ANSWER,
        /** Receives and never answers. */
        SILENT,
        /** Answers over UDP with TC set and no records; answers fully over TCP. */
        TRUNCATE_UDP,
        SERVFAIL
    }

    private final Mode mode;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final AtomicInteger udpQueries = new AtomicInteger();
    private final AtomicInteger tcpQueries = new AtomicInteger();
    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Queue<Name> asked = new ConcurrentLinkedQueue<>();
    private final Thread udpThread;
    private final Thread tcpThread;

    private TestUpstream(Mode mode, DatagramSocket udp, ServerSocket tcp) {
        this.mode = mode;
        this.udp = udp;
        this.tcp = tcp;
        this.udpThread = new Thread(this::serveUdp, "test-upstream-udp");
        this.tcpThread = new Thread(this::serveTcp, "test-upstream-tcp");
        udpThread.setDaemon(true);
        tcpThread.setDaemon(true);
        udpThread.start();
        tcpThread.start();
    }

    /** Starts on {@code port} of {@code address}, UDP and TCP. */
    public static TestUpstream start(Mode mode, InetAddress address, int port) throws IOException {
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, port));
        try {
            ServerSocket tcp = new ServerSocket();
            tcp.bind(new InetSocketAddress(address, port));
            return new TestUpstream(mode, udp, tcp);
        } catch (IOException e) {
            udp.close();
            throw e;
        }
    }

    /** Starts on a free port of {@code address} (a loopback address), UDP and TCP on the same port number. */
    public static TestUpstream start(Mode mode, InetAddress address) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 0));
            try {
                ServerSocket tcp = new ServerSocket();
                tcp.bind(new InetSocketAddress(address, udp.getLocalPort()));
                return new TestUpstream(mode, udp, tcp);
            } catch (IOException e) {
                udp.close();
                last = e;
            }
        }
        throw last;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) udp.getLocalSocketAddress();
    }

    public int udpQueries() {
        return udpQueries.get();
    }

    public int tcpQueries() {
        return tcpQueries.get();
    }

    /** Makes the upstream answer {@code record} for its name and type from now on. */
    public void add(Record record) {
        records.computeIfAbsent(record.getName(), name -> new CopyOnWriteArrayList<>())
                .add(record);
    }

    /** How many questions for {@code name} (any type, either transport) the upstream received. */
    public long askedFor(Name name) {
        return asked.stream().filter(name::equals).count();
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                udpQueries.incrementAndGet();
                byte[] query = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                byte[] response = respond(query, true);
                if (response != null) {
                    udp.send(new DatagramPacket(response, response.length, packet.getSocketAddress()));
                }
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket connection = tcp.accept()) {
                DataInputStream in = new DataInputStream(connection.getInputStream());
                DataOutputStream out = new DataOutputStream(connection.getOutputStream());
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                tcpQueries.incrementAndGet();
                byte[] response = respond(query, false);
                if (response != null) {
                    out.writeShort(response.length);
                    out.write(response);
                    out.flush();
                }
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // A client that went away: serve the next one.
            }
        }
    }

    private byte[] respond(byte[] wire, boolean overUdp) throws IOException {
        if (mode == Mode.SILENT) {
            return null;
        }
        Message query = new Message(wire);
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        response.addRecord(question, Section.QUESTION);
        if (mode == Mode.SERVFAIL) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response.toWire();
        }
        if (mode == Mode.TRUNCATE_UDP && overUdp) {
            response.getHeader().setFlag(Flags.TC);
            return response.toWire();
        }
        Name name = question.getName();
        asked.add(name);
        List<Record> added = records.get(name);
        if (added != null) {
            // The test's own records: those of the asked type, or NODATA.
            added.stream()
                    .filter(record -> record.getType() == question.getType())
                    .forEach(record -> response.addRecord(record, Section.ANSWER));
            return response.toWire(overUdp ? 512 : 65535);
        }
        if (!name.subdomain(ZONE) || question.getType() != Type.A) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response.toWire();
        }
        int count = name.equals(Name.fromConstantString("big.upstream.test.")) ? BIG_SIZE : 1;
        for (int i = 0; i < count; i++) {
            response.addRecord(
                    new ARecord(
                            name, DClass.IN, 60, InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) (i + 1)
                            })),
                    Section.ANSWER);
        }
        return response.toWire(overUdp ? 512 : 65535);
    }
}
