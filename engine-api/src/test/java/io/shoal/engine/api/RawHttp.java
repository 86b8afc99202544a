package io.shoal.engine.api;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A deliberately plain HTTP/1.1 client over a unix socket: the test writes the bytes, this reads one reply at a time. */
final class RawHttp implements Closeable {
    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    private RawHttp(SocketChannel channel) {
        this.channel = channel;
        this.in = Channels.newInputStream(channel);
        this.out = Channels.newOutputStream(channel);
    }

    static RawHttp connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return new RawHttp(channel);
    }

    /** One request and its reply on a fresh connection. */
    static Reply exchange(Path socket, String request) throws IOException {
        try (RawHttp http = connect(socket)) {
            http.send(request);
            return http.read(request.startsWith("HEAD "));
        }
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads a reply; its body is Content-Length bytes long (none after HEAD), or every chunk of a chunked body.
     */
    Reply read(boolean head) throws IOException {
        Reply reply = readHead();
        if (head) {
            return reply;
        }
        if ("chunked".equalsIgnoreCase(reply.header("Transfer-Encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (byte[] chunk = readChunk(); chunk.length > 0; chunk = readChunk()) {
                body.write(chunk);
            }
            return reply.withBody(body.toByteArray());
        }
        int length = Integer.parseInt(reply.headers().getOrDefault("Content-Length", "0"));
        return reply.withBody(in.readNBytes(length));
    }

    /** Reads a reply's status line and headers only. */
    Reply readHead() throws IOException {
        String statusLine = line();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        int status = Integer.parseInt(statusLine.substring(9, 12)); // "HTTP/1.1 200 OK"
        return new Reply(status, headers, "", statusLine, new byte[0]);
    }

    /** Reads one chunk of a chunked body (RFC 9112 §7.1); the last, empty one ends with its trailer line. */
    byte[] readChunk() throws IOException {
        String size = line();
        int semicolon = size.indexOf(';');
        int length = Integer.parseInt(
                semicolon < 0 ? size.trim() : size.substring(0, semicolon).trim(), 16);
        byte[] chunk = in.readNBytes(length);
        line(); // CRLF after the data, or the empty trailer after the last chunk
        return chunk;
    }

    /** Reads exactly {@code n} raw bytes (fewer at end of stream). */
    byte[] readBytes(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** Reads raw bytes until the server closes. */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    /** Half-closes: the server sees end of input, this side can still read. */
    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** Whether the server closed the connection (the next read sees end of stream). */
    boolean closedByServer() throws IOException {
        return in.read() == -1;
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("connection closed in the middle of a reply: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @SuppressWarnings("ArrayRecordComponent") // a test value, never compared whole
    record Reply(int status, Map<String, String> headers, String body, String statusLine, byte[] bytes) {
        Reply(int status, Map<String, String> headers, String body) {
            this(status, headers, body, "", body.getBytes(StandardCharsets.UTF_8));
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        Reply withBody(byte[] body) {
            return new Reply(status, headers, new String(body, StandardCharsets.UTF_8), statusLine, body);
        }
    }
}
