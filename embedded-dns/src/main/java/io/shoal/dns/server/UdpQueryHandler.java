package io.shoal.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * Serves DNS over UDP: one datagram, one query. Answers found in the records are written during the read and flushed
 * once per read batch; forwarded answers are written when they arrive. A bad datagram never closes the channel.
 *
 * <p>A repeated question is answered from {@link QueryResponder#cachedUdpAnswer}: the query is copied once into a
 * buffer this handler reuses (one handler per socket, so one event loop), the answer straight into a pooled direct
 * buffer that sendmmsg(2) takes as it is. Every answer goes out as a direct buffer: Netty's epoll transport would
 * otherwise copy a heap buffer into one itself.
 */
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final QueryResponder responder;
    private final ErrorLog errors;
    private final byte[] scratch = new byte[AnswerCache.MAX_QUERY];
    private boolean reading;
    private boolean needsFlush;

    UdpQueryHandler(QueryResponder responder, ErrorLog errors) {
        this.responder = responder;
        this.errors = errors;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        int length = content.readableBytes();
        if (length <= scratch.length) {
            content.getBytes(content.readerIndex(), scratch, 0, length);
            ByteBuf cached = responder.cachedUdpAnswer(scratch, length, ctx.alloc());
            if (cached != null) {
                // During the read: flushed with the batch in channelReadComplete.
                var unused = ctx.write(new DatagramPacket(cached, packet.sender()), ctx.voidPromise());
                needsFlush = true;
                return;
            }
        }
        byte[] query = length <= scratch.length ? Arrays.copyOf(scratch, length) : readAll(content);
        InetSocketAddress client = packet.sender();
        reading = true;
        try {
            responder.respond(query, Transport.UDP, new ResponseSink() {
                @Override
                public void send(byte[] response) {
                    reply(ctx, client, response);
                }

                @Override
                public void drop() {}
            });
        } finally {
            reading = false;
        }
    }

    private static byte[] readAll(ByteBuf content) {
        byte[] query = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), query);
        return query;
    }

    private void reply(ChannelHandlerContext ctx, InetSocketAddress client, byte[] response) {
        ByteBuf out = ctx.alloc().directBuffer(response.length).writeBytes(response);
        DatagramPacket packet = new DatagramPacket(out, client);
        if (reading && ctx.executor().inEventLoop()) {
            var unused = ctx.write(packet, ctx.voidPromise());
            needsFlush = true;
        } else {
            var unused = ctx.writeAndFlush(packet, ctx.voidPromise());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A UDP socket error (an ICMP unreachable from a client that went away) concerns one peer, not the listener.
        errors.record("UDP listener " + ctx.channel().localAddress(), cause);
    }
}
