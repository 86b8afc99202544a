package io.shoal.engine.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange per call on an engine's unix socket, with {@code Connection: close}: the whole response is
 * read until the server closes, a chunked body decoded, a 101 Upgrade's stream kept raw. For conformance tests, which
 * must see status line, headers and bytes exactly as a client library would.
 */
final class RawApi {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path socket;

    RawApi(Path socket) {
        this.socket = socket;
    }

    /** A response: status code, headers (names lower-cased), body bytes (de-chunked; after a 101, the raw stream). */
    static final class Reply {
        private final int status;
        private final Map<String, String> headers;
        private final byte[] body;

        Reply(int status, Map<String, String> headers, byte[] body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        int status() {
            return status;
        }

        byte[] body() {
            return body.clone();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() throws IOException {
            return MAPPER.readTree(body);
        }

        /** The JSON documents of a body that holds one per line (events, progress). */
        List<JsonNode> jsonLines() throws IOException {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : text().lines().toList()) {
                if (!line.isBlank()) {
                    lines.add(MAPPER.readTree(line));
                }
            }
            return lines;
        }

        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }

        /** The media type of Content-Type, without parameters. */
        String mediaType() {
            String type = header("content-type");
            int parameters = type.indexOf(';');
            return (parameters < 0 ? type : type.substring(0, parameters)).strip();
        }

        @Override
        public String toString() {
            return status + " " + headers + "\n" + text();
        }
    }

    /** One frame of Docker's multiplexed stream: stream 0 stdin, 1 stdout, 2 stderr. */
    record Frame(int stream, String payload) {}

    Reply call(String method, String path) throws IOException {
        return exchange(method, path, Map.of(), new byte[0]);
    }

    Reply call(String method, String path, String json) throws IOException {
        return exchange(
                method, path, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    /** A request with {@code Connection: Upgrade, Upgrade: tcp}, as the CLI sends to attach and exec start. */
    Reply upgrade(String path, String json) throws IOException {
        return exchange(
                "POST",
                path,
                Map.of("Content-Type", "application/json", "Upgrade", "tcp"),
                json.getBytes(StandardCharsets.UTF_8));
    }

    Reply exchange(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder head =
                new StringBuilder().append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: shoal\r\n");
        boolean upgrade = headers.containsKey("Upgrade");
        head.append(upgrade ? "Connection: Upgrade\r\n" : "Connection: close\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return parse(roundTrip(request));
    }

    /** Splits a multiplexed stream into frames (header: stream byte, three zero bytes, big-endian length). */
    static List<Frame> frames(byte[] stream) {
        List<Frame> frames = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(stream);
        while (buffer.remaining() >= 8) {
            int header = buffer.getInt();
            int kind = header >>> 24;
            if ((header & 0x00FF_FFFF) != 0) {
                throw new AssertionError("not a multiplexed frame header at " + (buffer.position() - 4));
            }
            int length = buffer.getInt();
            if (length > buffer.remaining()) {
                throw new AssertionError("frame of " + length + " octets with " + buffer.remaining() + " left");
            }
            byte[] payload = new byte[length];
            buffer.get(payload);
            frames.add(new Frame(kind, new String(payload, StandardCharsets.UTF_8)));
        }
        if (buffer.hasRemaining()) {
            throw new AssertionError(buffer.remaining() + " octets after the last frame");
        }
        return frames;
    }

    /**
     * Sends {@code request} and reads the response: the head, then a body of Content-Length octets, a chunked body to
     * its last chunk, or (after a 101, or without either header) everything until the server closes.
     */
    private byte[] roundTrip(byte[] request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (!complete(response.toByteArray()) && channel.read(in) >= 0) {
                response.write(in.array(), 0, in.position());
                in.clear();
            }
            return response.toByteArray();
        }
    }

    /** Whether {@code raw} holds a whole response that does not end at the connection's close. */
    private static boolean complete(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) {
            return false;
        }
        Reply head = parse(Arrays.copyOf(raw, end + 4));
        int bodyLength = raw.length - end - 4;
        if (head.status() == 101) {
            return false;
        }
        if (head.headers.containsKey("content-length")) {
            return bodyLength >= Integer.parseInt(head.header("content-length"));
        }
        if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
            return lastChunkIn(raw, end + 4);
        }
        return head.status() == 204 || head.status() == 304;
    }

    /** Whether the chunked body starting at {@code from} has arrived up to its last (empty) chunk and final CRLF. */
    private static boolean lastChunkIn(byte[] raw, int from) {
        byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
        int at = from;
        while (true) {
            int lineEnd = indexOf(raw, crlf, at);
            if (lineEnd < 0) {
                return false;
            }
            String sizeLine = new String(raw, at, lineEnd - at, StandardCharsets.US_ASCII);
            int extension = sizeLine.indexOf(';');
            int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip(), 16);
            if (size == 0) {
                return raw.length >= lineEnd + 4;
            }
            at = lineEnd + 2 + size + 2;
            if (at > raw.length) {
                return false;
            }
        }
    }

    private static Reply parse(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) {
            throw new AssertionError("no complete response head in: " + new String(raw, StandardCharsets.UTF_8));
        }
        List<String> lines =
                new String(raw, 0, end, StandardCharsets.ISO_8859_1).lines().toList();
        // "HTTP/1.1 200 OK": the code is the three digits after the first space.
        int status = Integer.parseInt(lines.get(0).substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip());
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        if (status != 101 && "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) && body.length > 0) {
            body = dechunk(body);
        }
        return new Reply(status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
        while (true) {
            int lineEnd = indexOf(chunked, crlf, at);
            if (lineEnd < 0) {
                throw new AssertionError("chunked body ends without its last chunk");
            }
            String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII);
            int extension = sizeLine.indexOf(';');
            int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        for (int i = from; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
