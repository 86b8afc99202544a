package io.shoal.dns.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * Serves DNS over UDP: one datagram, one query. Answers found in the records are written during the read and flushed
 * once per read batch; forwarded answers are written when they arrive. A bad datagram never closes the channel.
 */
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final QueryResponder responder;
    private final ErrorLog errors;
    private boolean reading;
    private boolean needsFlush;

    UdpQueryHandler(QueryResponder responder, ErrorLog errors) {
        this.responder = responder;
        this.errors = errors;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        byte[] query = ByteBufUtil.getBytes(packet.content());
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

    private void reply(ChannelHandlerContext ctx, InetSocketAddress client, byte[] response) {
        DatagramPacket packet = new DatagramPacket(Unpooled.wrappedBuffer(response), client);
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
