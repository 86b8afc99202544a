package io.shoal.unixhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener both HTTP servers share: the socket file's life and mode, and the pipeline it builds per connection. */
class UnixSocketListenerTest {
    @TempDir
    Path directory;

    /** Each connection echoes what it reads. */
    private static UnixSocketListener echo(Path socket) throws IOException {
        return UnixSocketListener.start(socket, "the test server", false, channel -> channel.pipeline()
                .addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext context, Object message) {
                        context.writeAndFlush(message).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
                    }
                }));
    }

    @Test
    void servesConnectionsOnASocketOfMode0660AndRemovesItWhenClosed() throws Exception {
        Path socket = directory.resolve("s.sock");
        try (UnixSocketListener listener = echo(socket);
                SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            assertThat(listener.socket()).isEqualTo(socket);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                    .isEqualTo("rw-rw----");
            client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)));
            ByteBuffer back = ByteBuffer.allocate(4);
            while (back.hasRemaining() && client.read(back) >= 0) {
                // until the echo is complete
            }
            assertThat(new String(back.array(), StandardCharsets.UTF_8)).isEqualTo("ping");
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void aStaleSocketIsReplacedALiveOneAndAFileRefused() throws Exception {
        Path socket = directory.resolve("s.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        try (UnixSocketListener live = echo(socket)) {
            assertThatThrownBy(() -> echo(socket))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("another server is listening");
        }
        Path file = Files.writeString(directory.resolve("f.sock"), "x");
        assertThatThrownBy(() -> echo(file)).isInstanceOf(IOException.class).hasMessageContaining("not a socket");
        assertThat(file).hasContent("x");
    }
}
