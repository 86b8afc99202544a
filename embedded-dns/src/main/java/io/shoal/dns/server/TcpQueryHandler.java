package io.shoal.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Serves DNS over one TCP connection (after the two-octet length framing): several queries may be in flight and their
 * answers may go out in any order (RFC 7766 section 6.2.1.1). A message without a usable header, or an idle
 * connection, closes the connection.
 */
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private final QueryResponder responder;
    private final ErrorLog errors;

    TcpQueryHandler(QueryResponder responder, ErrorLog errors) {
        this.responder = responder;
        this.errors = errors;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        byte[] query = ByteBufUtil.getBytes(frame);
        responder.respond(query, Transport.TCP, new ResponseSink() {
            @Override
            public void send(byte[] response) {
                var unused = ctx.channel()
                        .writeAndFlush(
                                Unpooled.wrappedBuffer(response), ctx.channel().voidPromise());
            }

            @Override
            public void drop() {
                Futures.close(ctx.channel());
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            Futures.close(ctx.channel());
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        errors.record("TCP connection " + ctx.channel().remoteAddress(), cause);
        Futures.close(ctx.channel());
    }
}
