package io.shoal.bench.engine;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One kept-alive HTTP/1.1 connection to a unix domain socket (JDK 16+ {@link UnixDomainSocketAddress}), enough for an
 * engine's JSON API: a request with an optional JSON body, a response read whole. Response bodies may be sized
 * ({@code Content-Length}), chunked (RFC 9112 §7.1) or absent (HEAD, 1xx, 204, 304: RFC 9110 §6.4.1); a response
 * that has neither length nor chunking is read until the server closes. Not thread-safe: one per thread.
 */
public final class UnixHttpClient implements AutoCloseable {
    private static final int MAX_LINE = 64 * 1024;

    private final Path socket;
    private SocketChannel channel;
    private InputStream in;

    public UnixHttpClient(Path socket) {
        this.socket = socket;
    }

    /** A response: status code and body as UTF-8 text. */
    public record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * Sends one request and reads its response. {@code jsonBody} null sends no body. Connects on first use and again
     * after the server closed the connection.
     *
     * @throws IOException the socket failed, or the response is not HTTP/1.x
     */
    public Response send(String method, String target, String jsonBody) throws IOException {
        if (channel == null || !channel.isOpen()) {
            connect();
        }
        byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\nHost: engine\r\nUser-Agent: shoal-bench\r\n");
        if (jsonBody != null) {
            head.append("Content-Type: application/json\r\n");
        }
        if (jsonBody != null || method.equals("POST") || method.equals("PUT")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        ByteBuffer out = ByteBuffer.allocate(head.length() + body.length);
        out.put(head.toString().getBytes(StandardCharsets.US_ASCII)).put(body).flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
        return read(method.equals("HEAD"));
    }

    private void connect() throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
    }

    private Response read(boolean head) throws IOException {
        String statusLine = line();
        // "HTTP/1.1 200 OK": the code is the second word (RFC 9112 §4).
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x response from " + socket + ": " + statusLine);
        }
        int status = parseInt(parts[1], statusLine);
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                throw new IOException("malformed header from " + socket + ": " + header);
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = parseInt(value, header);
                case "transfer-encoding" -> chunked =
                        value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> {}
            }
        }
        String body;
        if (head || status < 200 || status == 204 || status == 304) {
            body = "";
        } else if (chunked) {
            body = chunkedBody();
        } else if (length >= 0) {
            body = new String(exactly(length), StandardCharsets.UTF_8);
        } else {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            close = true;
        }
        if (close) {
            close();
        }
        return new Response(status, body);
    }

    private String chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size from " + socket + ": " + sizeLine, e);
            }
            if (size == 0) {
                // Trailer fields, then the empty line.
                while (!line().isEmpty()) {}
                return body.toString(StandardCharsets.UTF_8);
            }
            body.writeBytes(exactly(size));
            if (!line().isEmpty()) {
                throw new IOException("chunk without its CRLF from " + socket);
            }
        }
    }

    private byte[] exactly(long length) throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("response body too large: " + length + " bytes");
        }
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length < length) {
            throw new EOFException("connection closed after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    /** A line ended by CRLF (a bare LF is accepted too, RFC 9112 §2.2), without its end. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by " + socket + " mid-response");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("response line longer than " + MAX_LINE + " bytes from " + socket);
            }
            line.append((char) b);
        }
    }

    private int parseInt(String text, String context) throws IOException {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IOException("malformed number in '" + context + "' from " + socket, e);
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
