package io.shoal.engine.daemon;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A unix-socket relay between a client and shoald that copies every byte both ways and records, per connection, the
 * request lines the client sent and the status lines shoald answered, paired in order (HTTP/1.1 without pipelining:
 * one answer per request; after a 101 or a stream closed at its end the connection carries nothing else). What a
 * client library really asks is then checked against what Docker answers (docs/e2e.md, clients-wire.md §2).
 */
final class RecordingRelay implements AutoCloseable {
    /** One exchange: the request's method and path (query included) and the answer's status code. */
    record Exchange(String method, String target, int status) {
        /** The path without the API version prefix and the query: {@code /containers/{id}/json} stays concrete. */
        String path() {
            String path = target.replaceFirst("^/v[0-9.]+/", "/");
            int query = path.indexOf('?');
            return query < 0 ? path : path.substring(0, query);
        }

        @Override
        public String toString() {
            return method + " " + target + " -> " + status;
        }
    }

    private static final Pattern REQUEST_LINE =
            Pattern.compile("(GET|HEAD|POST|PUT|DELETE) (\\S+) HTTP/1\\.[01]\\r\\n");
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");

    private final Path upstream;
    private final Path socket;
    private final ServerSocketChannel server;
    private final ConcurrentLinkedQueue<Connection> connections = new ConcurrentLinkedQueue<>();
    private final AtomicInteger order = new AtomicInteger();

    private RecordingRelay(Path upstream, Path socket, ServerSocketChannel server) {
        this.upstream = upstream;
        this.socket = socket;
        this.server = server;
    }

    /** Listens on {@code socket} and relays each connection to {@code upstream}. */
    static RecordingRelay start(Path upstream, Path socket) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        RecordingRelay relay = new RecordingRelay(upstream, socket, server);
        Thread accept = new Thread(relay::acceptAll, "relay-accept");
        accept.setDaemon(true);
        accept.start();
        return relay;
    }

    Path socket() {
        return socket;
    }

    private void acceptAll() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                SocketChannel daemon = SocketChannel.open(UnixDomainSocketAddress.of(upstream));
                Connection connection = new Connection(order.getAndIncrement());
                connections.add(connection);
                AtomicInteger running = new AtomicInteger(2);
                Runnable done = () -> {
                    if (running.decrementAndGet() == 0) {
                        closeQuietly(client);
                        closeQuietly(daemon);
                    }
                };
                pump(client, daemon, connection.requests, done);
                pump(daemon, client, connection.answers, done);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /**
     * Copies {@code from} to {@code to} until end of stream, then half-closes {@code to} (a client's half-close or
     * shoald's close at the end of a raw stream passes through); on an error closes both. Keeps the bytes.
     */
    private static void pump(SocketChannel from, SocketChannel to, Recorded recorded, Runnable done) {
        Thread thread = new Thread(
                () -> {
                    // The channels themselves, not Channels' streams: those hold the channel's blocking lock while
                    // reading, which would stop the other direction from writing.
                    ByteBuffer buffer = ByteBuffer.allocate(16384);
                    try {
                        while (from.read(buffer) >= 0) {
                            buffer.flip();
                            recorded.add(buffer.array(), buffer.limit());
                            while (buffer.hasRemaining()) {
                                to.write(buffer);
                            }
                            buffer.clear();
                        }
                        to.shutdownOutput();
                    } catch (IOException e) {
                        // One side went away: the other is closed too, as a client or shoald would see it.
                        closeQuietly(from);
                        closeQuietly(to);
                    } finally {
                        done.run();
                    }
                },
                "relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Every exchange so far, connection by connection in the order they were opened. */
    List<Exchange> exchanges() {
        List<Exchange> all = new ArrayList<>();
        connections.stream()
                .sorted((a, b) -> Integer.compare(a.order, b.order))
                .forEach(connection -> all.addAll(connection.exchanges()));
        return all;
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }

    private static final class Recorded {
        private final StringBuilder text = new StringBuilder();

        synchronized void add(byte[] bytes, int length) {
            // ISO-8859-1 keeps one char per byte: binary frames cannot shift the lines around them.
            text.append(new String(bytes, 0, length, StandardCharsets.ISO_8859_1));
        }

        synchronized String text() {
            return text.toString();
        }
    }

    private static final class Connection {
        final int order;
        final Recorded requests = new Recorded();
        final Recorded answers = new Recorded();

        Connection(int order) {
            this.order = order;
        }

        List<Exchange> exchanges() {
            Matcher request = REQUEST_LINE.matcher(requests.text());
            Matcher status = STATUS_LINE.matcher(answers.text());
            List<Exchange> exchanges = new ArrayList<>();
            while (request.find()) {
                int code = status.find() ? Integer.parseInt(status.group(1)) : 0;
                exchanges.add(new Exchange(request.group(1), request.group(2), code));
            }
            return exchanges;
        }
    }
}
