package io.shoal.bench.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * A unix-socket server answering each request with the next canned response, byte for byte, and recording the
 * requests it read (head and body). A response containing "Connection: close" ends its connection.
 */
final class CannedServer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Deque<String> responses = new ArrayDeque<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private int connections;

    CannedServer(Path socket, String... responses) throws IOException {
        this.responses.addAll(List.of(responses));
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = new Thread(this::serve, "canned-server");
        thread.setDaemon(true);
        thread.start();
    }

    /** A sized JSON response with the given status line and body. */
    static String json(String statusLine, String body) {
        return "HTTP/1.1 " + statusLine + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    synchronized int connections() {
        return connections;
    }

    private void serve() {
        try {
            while (true) {
                try (SocketChannel client = server.accept()) {
                    synchronized (this) {
                        connections++;
                    }
                    InputStream in = Channels.newInputStream(client);
                    OutputStream out = Channels.newOutputStream(client);
                    while (true) {
                        String request = readRequest(in);
                        if (request == null) {
                            break;
                        }
                        requests.add(request);
                        String response;
                        synchronized (this) {
                            response = responses.isEmpty() ? "HTTP/1.1 500 Nothing canned\r\n\r\n" : responses.pop();
                        }
                        out.write(response.getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        if (response.toLowerCase(Locale.ROOT).contains("connection: close")) {
                            break;
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The test closed the server.
        }
    }

    /** A request's head and its Content-Length body, or null at end of stream. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            if (head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                break;
            }
        }
        if (b < 0) {
            return null;
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : text.split("\r\n", -1)) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
