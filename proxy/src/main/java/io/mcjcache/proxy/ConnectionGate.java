package io.mcjcache.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;

/**
 * The first handler of every connection, on its event loop: counts connections, refuses one over the
 * limit with memcached's own answer ({@code ERROR Too many open connections}, then close), and closes a
 * connection the idle timer reports idle (docs/proxy.md, "Limits").
 */
@Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {
  static final String TOO_MANY = "ERROR Too many open connections\r\n";

  private final ProxyFigures figures;
  private final int maxConnections;

  ConnectionGate(ProxyFigures figures, int maxConnections) {
    this.figures = figures;
    this.maxConnections = maxConnections;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    figures.current.increment();
    figures.total.increment();
    if (figures.current.sum() > maxConnections) {
      figures.rejected.increment();
      ctx.channel().config().setAutoRead(false);
      ctx.writeAndFlush(Unpooled.copiedBuffer(TOO_MANY, StandardCharsets.ISO_8859_1))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    figures.current.decrement();
    super.channelInactive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      figures.idleClosed.increment();
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, event);
  }
}
