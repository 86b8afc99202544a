package io.shoal.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.driver.support.testing.MapDriverStore;
import io.shoal.ipam.DefaultIpamDriver;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin server's request reading and reply writing without Netty's aggregator and encoder: bodies in pieces,
 * {@code Expect: 100-continue}, and the requests it refuses (and then closes the connection on).
 */
class PluginRequestReaderTest {
    private static final String POOL = "{\"AddressSpace\":\"local\",\"Pool\":\"10.4.0.0/24\"}";

    @TempDir
    Path directory;

    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final PluginCalls calls = new PluginCalls(
            NetworkDriverCalls.over(Map.of("bridge", new RecordingNetworkDriver("bridge", true)), new MapDriverStore()),
            new IpamCalls(DefaultIpamDriver.inMemory()));

    @AfterEach
    void stopHandlers() {
        handlers.shutdownNow();
    }

    private static void send(SocketChannel channel, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Reads until {@code wanted} bytes of a reply have come or the plugin closed the connection. */
    private static String read(SocketChannel channel, String reply, int wanted) throws IOException {
        StringBuilder text = new StringBuilder(reply);
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (text.length() < wanted) {
            buffer.clear();
            if (channel.read(buffer) < 0) {
                break;
            }
            buffer.flip();
            text.append(StandardCharsets.UTF_8.decode(buffer));
        }
        return text.toString();
    }

    /** One reply with its body, read by its Content-Length. */
    private static String reply(SocketChannel channel) throws IOException {
        String text = "";
        int headEnd;
        do {
            int before = text.length();
            text = read(channel, text, before + 1);
            if (text.length() == before) {
                return text;
            }
            headEnd = text.indexOf("\r\n\r\n");
        } while (headEnd < 0);
        String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
        int at = head.indexOf("content-length: ") + "content-length: ".length();
        int end = head.indexOf("\r\n", at);
        int length = Integer.parseInt(
                head.substring(at, end < 0 ? head.length() : end).trim());
        return read(channel, text, headEnd + 4 + length);
    }

    /** Whether the plugin closed the connection: the next read finds its end. */
    private static boolean closed(SocketChannel channel) throws IOException {
        return channel.read(ByteBuffer.allocate(1)) < 0;
    }

    private static String post(String path, String headers, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: plugin.moby.localhost\r\n" + headers + "\r\n" + body;
    }

    @Test
    void aChunkedBodyIsJoinedIntoOneCall() throws Exception {
        Path socket = directory.resolve("shoal.sock");
        try (PluginServer server = PluginServer.start(socket, calls, handlers);
                SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            String first = POOL.substring(0, 20);
            String second = POOL.substring(20);
            send(
                    channel,
                    post("/IpamDriver.RequestPool", "Transfer-Encoding: chunked\r\n", "")
                            + Integer.toHexString(first.length()) + "\r\n" + first + "\r\n");
            send(channel, Integer.toHexString(second.length()) + "\r\n" + second + "\r\n0\r\n\r\n");
            assertThat(reply(channel))
                    .startsWith("HTTP/1.1 200 OK")
                    .contains("Content-Type: application/vnd.docker.plugins.v1.1+json")
                    .contains("Connection: keep-alive")
                    .contains("\"PoolID\":\"local/10.4.0.0/24\"");
            // The connection stays usable for the next call.
            send(channel, post("/Plugin.Activate", "Content-Length: 0\r\n", ""));
            assertThat(reply(channel))
                    .startsWith("HTTP/1.1 200 OK")
                    .endsWith("{\"Implements\":[\"NetworkDriver\",\"IpamDriver\"]}");
        }
    }

    @Test
    void aClientExpectingContinueGetsItThenTheReply() throws Exception {
        Path socket = directory.resolve("shoal.sock");
        try (PluginServer server = PluginServer.start(socket, calls, handlers);
                SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            send(
                    channel,
                    post(
                            "/IpamDriver.RequestPool",
                            "Expect: 100-continue\r\nContent-Length: " + POOL.length() + "\r\n",
                            ""));
            String interim = "HTTP/1.1 100 Continue\r\n\r\n";
            assertThat(read(channel, "", interim.length())).isEqualTo(interim);
            send(channel, POOL);
            assertThat(reply(channel)).startsWith("HTTP/1.1 200 OK").contains("\"PoolID\":\"local/10.4.0.0/24\"");
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedAndTheConnectionClosed() throws Exception {
        Path socket = directory.resolve("shoal.sock");
        try (PluginServer server = PluginServer.start(socket, calls, handlers);
                SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            send(
                    channel,
                    post(
                            "/IpamDriver.RequestPool",
                            "Content-Length: " + (PluginServer.MAX_BODY_BYTES + 1) + "\r\n",
                            "{"));
            assertThat(reply(channel))
                    .startsWith("HTTP/1.1 413")
                    .contains("Connection: close")
                    .contains("\"Err\":\"the request body is over " + PluginServer.MAX_BODY_BYTES + " bytes\"");
            assertThat(closed(channel)).isTrue();
        }
    }

    @Test
    void aRequestTheDecoderCannotReadIsRefusedAndTheConnectionClosed() throws Exception {
        Path socket = directory.resolve("shoal.sock");
        try (PluginServer server = PluginServer.start(socket, calls, handlers);
                SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            send(channel, "POST /Plugin.Activate HTTP/1.1\r\nContent-Length: nine\r\n\r\n");
            assertThat(reply(channel)).startsWith("HTTP/1.1 400").contains("\"Err\":\"malformed HTTP request\"");
            assertThat(closed(channel)).isTrue();
        }
    }

    @Test
    void headIsRefusedAndTheConnectionClosedSinceItsReplyHasABody() throws Exception {
        Path socket = directory.resolve("shoal.sock");
        try (PluginServer server = PluginServer.start(socket, calls, handlers);
                SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            send(channel, "HEAD /Plugin.Activate HTTP/1.1\r\nHost: plugin.moby.localhost\r\n\r\n");
            assertThat(reply(channel))
                    .startsWith("HTTP/1.1 405")
                    .contains("Connection: close")
                    .contains("plugin calls are POST");
            assertThat(closed(channel)).isTrue();
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        Path socket = directory.resolve("shoal.sock");
        try (PluginServer server = PluginServer.start(socket, calls, handlers);
                SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            send(channel, post("/Plugin.Activate", "Connection: close\r\nContent-Length: 0\r\n", ""));
            assertThat(reply(channel)).startsWith("HTTP/1.1 200 OK").contains("Connection: close");
            assertThat(closed(channel)).isTrue();
        }
    }
}
