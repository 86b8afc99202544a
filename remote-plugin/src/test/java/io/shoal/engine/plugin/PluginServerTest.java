package io.shoal.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.shoal.driver.support.testing.MapDriverStore;
import io.shoal.ipam.DefaultIpamDriver;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport as dockerd's plugin client uses it: POST with keep-alive on a unix socket, JSON replies. */
class PluginServerTest {
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

    /** Sends raw HTTP/1.1 requests on one connection and returns each raw response. */
    private static String exchange(SocketChannel channel, String method, String path, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String request = method + " " + path + " HTTP/1.1\r\nHost: plugin.moby.localhost\r\n"
                + "Accept: application/vnd.docker.plugins.v1.2+json\r\nContent-Length: " + bytes.length + "\r\n\r\n"
                + body;
        channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
        StringBuilder response = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (true) {
            int headerEnd = response.indexOf("\r\n\r\n");
            if (headerEnd >= 0) {
                String headers = response.substring(0, headerEnd).toLowerCase(java.util.Locale.ROOT);
                int at = headers.indexOf("content-length: ");
                String rest = headers.substring(at + 16) + "\r\n";
                int length =
                        Integer.parseInt(rest.substring(0, rest.indexOf("\r\n")).trim());
                if (response.length() >= headerEnd + 4 + length) {
                    return response.toString();
                }
            }
            buffer.clear();
            if (channel.read(buffer) < 0) {
                return response.toString();
            }
            buffer.flip();
            response.append(StandardCharsets.UTF_8.decode(buffer));
        }
    }

    @Test
    void callsThatChangeNothingAreAnsweredOnTheEventLoop() throws Exception {
        Path socket = directory.resolve("shoal.sock");
        AtomicInteger handedOff = new AtomicInteger();
        Executor counting = task -> {
            handedOff.incrementAndGet();
            handlers.execute(task);
        };
        String ids = "\"NetworkID\":\"" + "a".repeat(64) + "\",\"EndpointID\":\"" + "e".repeat(64) + "\"";
        try (PluginServer server = PluginServer.start(socket, calls, counting);
                SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            assertThat(exchange(
                            channel,
                            "POST",
                            "/NetworkDriver.CreateNetwork",
                            "{\"NetworkID\":\"" + "a".repeat(64)
                                    + "\",\"Options\":{},\"IPv4Data\":[{\"Pool\":\"10.4.0.0/24\"}]}"))
                    .startsWith("HTTP/1.1 200");
            assertThat(exchange(
                            channel,
                            "POST",
                            "/NetworkDriver.CreateEndpoint",
                            "{" + ids + ",\"Interface\":{\"Address\":\"10.4.0.2/24\"}}"))
                    .startsWith("HTTP/1.1 200");
            // CreateNetwork, then the preparation of the endpoint's join, handed off once CreateEndpoint's reply is
            // written; CreateEndpoint itself, alone, is answered on the event loop.
            for (int i = 0; i < 600 && handedOff.get() < 2; i++) {
                Thread.sleep(100);
            }
            assertThat(handedOff).hasValue(2);

            assertThat(exchange(channel, "POST", "/NetworkDriver.EndpointOperInfo", "{" + ids + "}"))
                    .startsWith("HTTP/1.1 200")
                    .contains("\"Value\"");
            assertThat(exchange(channel, "POST", "/NetworkDriver.RevokeExternalConnectivity", "{" + ids + "}"))
                    .startsWith("HTTP/1.1 200")
                    .endsWith("{}");
            assertThat(handedOff).as("calls handed to a handler thread").hasValue(2);
        }
    }

    @Test
    void aConnectsCallsAreAnsweredOnTheEventLoopOnlyWhenNoOtherCallRuns() throws Exception {
        HeldPreparation preparation = new HeldPreparation();
        CountDownLatch release = preparation.release;
        CountDownLatch entered = preparation.entered;
        PluginCalls held = preparation.calls();
        AtomicInteger handedOff = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        Executor counting = task -> {
            handedOff.incrementAndGet();
            handlers.execute(() -> {
                try {
                    task.run();
                } finally {
                    finished.incrementAndGet();
                }
            });
        };
        Path socket = directory.resolve("shoal.sock");
        String network = "\"NetworkID\":\"" + "a".repeat(64) + "\"";
        String ids = network + ",\"EndpointID\":\"" + "e".repeat(64) + "\"";
        String address = "{\"PoolID\":\"local/10.4.0.0/24\",\"Address\":\"\"}";
        try (PluginServer server = PluginServer.start(socket, held, counting);
                SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            assertThat(exchange(
                            channel,
                            "POST",
                            "/NetworkDriver.CreateNetwork",
                            "{" + network + ",\"Options\":{},\"IPv4Data\":[{\"Pool\":\"10.4.0.0/24\"}]}"))
                    .startsWith("HTTP/1.1 200");
            assertThat(exchange(
                            channel,
                            "POST",
                            "/IpamDriver.RequestPool",
                            "{\"AddressSpace\":\"local\",\"Pool\":\"10.4.0.0/24\"}"))
                    .startsWith("HTTP/1.1 200");
            assertThat(handedOff)
                    .as("CreateNetwork and RequestPool: not a connect's")
                    .hasValue(2);
            assertThat(exchange(channel, "POST", "/IpamDriver.RequestAddress", address))
                    .startsWith("HTTP/1.1 200");
            assertThat(exchange(
                            channel,
                            "POST",
                            "/NetworkDriver.CreateEndpoint",
                            "{" + ids + ",\"Interface\":{\"Address\":\"10.4.0.2/24\"}}"))
                    .startsWith("HTTP/1.1 200");
            assertThat(entered.await(60, TimeUnit.SECONDS))
                    .as("preparation started")
                    .isTrue();
            assertThat(handedOff)
                    .as("RequestAddress and CreateEndpoint, alone, on the event loop; the preparation on a handler")
                    .hasValue(3);

            // While the preparation runs (it holds the driver), a connect's call goes to a handler thread.
            assertThat(exchange(channel, "POST", "/IpamDriver.RequestAddress", address))
                    .startsWith("HTTP/1.1 200");
            assertThat(handedOff).hasValue(4);

            release.countDown();
            for (int i = 0; i < 600 && finished.get() < handedOff.get(); i++) {
                Thread.sleep(100);
            }
            assertThat(finished).hasValue(4);
            assertThat(exchange(
                            channel,
                            "POST",
                            "/NetworkDriver.Join",
                            "{" + ids + ",\"SandboxKey\":\"/var/run/docker/netns/x\",\"Options\":{}}"))
                    .startsWith("HTTP/1.1 200");
            assertThat(handedOff).as("the Join, alone again, on the event loop").hasValue(4);
        }
    }

    @Test
    void createEndpointRepliesBeforeTheJoinsInterfaceIsPrepared() throws Exception {
        HeldPreparation preparation = new HeldPreparation();
        CountDownLatch release = preparation.release;
        CountDownLatch entered = preparation.entered;
        PluginCalls held = preparation.calls();
        Path socket = directory.resolve("shoal.sock");
        String ids = "\"NetworkID\":\"" + "a".repeat(64) + "\",\"EndpointID\":\"" + "e".repeat(64) + "\"";
        try (PluginServer server = PluginServer.start(socket, held, handlers);
                SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            exchange(
                    channel,
                    "POST",
                    "/NetworkDriver.CreateNetwork",
                    "{\"NetworkID\":\"" + "a".repeat(64)
                            + "\",\"Options\":{},\"IPv4Data\":[{\"Pool\":\"10.4.0.0/24\"}]}");
            // Were the preparation on the reply's path, this reply would never come (the preparation waits for it).
            String created = assertTimeoutPreemptively(
                    Duration.ofSeconds(60),
                    () -> exchange(
                            channel,
                            "POST",
                            "/NetworkDriver.CreateEndpoint",
                            "{" + ids + ",\"Interface\":{\"Address\":\"10.4.0.2/24\"}}"));
            assertThat(created).startsWith("HTTP/1.1 200");
            // It starts once the reply is written, and holds the driver until released.
            assertThat(entered.await(60, TimeUnit.SECONDS))
                    .as("preparation started")
                    .isTrue();
            release.countDown();
            handlers.shutdown(); // the preparation was the handlers' last task: wait for it
            assertThat(handlers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            synchronized (preparation.bridge) {
                assertThat(preparation.bridge.changes)
                        .containsSubsequence(
                                "createEndpoint " + "e".repeat(64),
                                "prepare " + "e".repeat(64) + " "
                                        + NetworkDriverCalls.temporaryName("a".repeat(64), "e".repeat(64)));
            }
        }
    }

    @Test
    void answersCallsOnOneKeptAliveConnection() throws Exception {
        Path socket = directory.resolve("shoal.sock");
        try (PluginServer server = PluginServer.start(socket, calls, handlers);
                SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                    .isEqualTo("rw-rw----");
            String activate = exchange(channel, "POST", "/Plugin.Activate", "");
            assertThat(activate)
                    .startsWith("HTTP/1.1 200 OK")
                    .contains("application/vnd.docker.plugins.v1.1+json")
                    .endsWith("{\"Implements\":[\"NetworkDriver\",\"IpamDriver\"]}");
            String pool = exchange(
                    channel,
                    "POST",
                    "/IpamDriver.RequestPool",
                    "{\"AddressSpace\":\"local\",\"Pool\":\"10.4.0.0/24\"}");
            assertThat(pool).startsWith("HTTP/1.1 200 OK").contains("\"PoolID\":\"local/10.4.0.0/24\"");
            assertThat(exchange(channel, "POST", "/NetworkDriver.Nosuch", "{}"))
                    .startsWith("HTTP/1.1 404")
                    .contains("\"Err\":\"unknown call /NetworkDriver.Nosuch");
            assertThat(exchange(channel, "GET", "/Plugin.Activate", ""))
                    .startsWith("HTTP/1.1 405")
                    .contains("plugin calls are POST");
            assertThat(exchange(channel, "POST", "/NetworkDriver.Join", "{\"NetworkID\":"))
                    .startsWith("HTTP/1.1 400")
                    .contains("not valid JSON");
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void aStaleSocketIsReplacedALiveOneRefused() throws Exception {
        Path socket = directory.resolve("shoal.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        try (PluginServer server = PluginServer.start(socket, calls, handlers)) {
            assertThatThrownBy(() -> PluginServer.start(socket, calls, handlers))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("another server is listening");
        }
    }

    /** A bridge driver whose veth preparation signals {@code entered} and then waits for {@code release}. */
    private static final class HeldPreparation {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final RecordingNetworkDriver bridge = new RecordingNetworkDriver("bridge", true);

        HeldPreparation() {
            bridge.onPrepare = () -> {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        }

        PluginCalls calls() {
            return new PluginCalls(
                    NetworkDriverCalls.over(Map.of("bridge", bridge), new MapDriverStore()),
                    new IpamCalls(DefaultIpamDriver.inMemory()));
        }
    }
}
