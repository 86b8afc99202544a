package io.shoal.dns.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.xbill.DNS.Message;

/** A blocking test client speaking to one server address over UDP or TCP. */
final class DnsClient {
    private DnsClient() {}

    static Message udp(InetSocketAddress server, Message query, Duration timeout) throws IOException {
        return Queries.parse(udpRaw(server, query.toWire(), timeout));
    }

    static byte[] udpRaw(InetSocketAddress server, byte[] query, Duration timeout) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.send(new DatagramPacket(query, query.length, server));
            byte[] buffer = new byte[65535];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            return java.util.Arrays.copyOf(packet.getData(), packet.getLength());
        }
    }

    static Message tcp(InetSocketAddress server, Message query, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            byte[] wire = query.toWire();
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(wire.length);
            out.write(wire);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] response = new byte[in.readUnsignedShort()];
            in.readFully(response);
            return Queries.parse(response);
        }
    }
}
