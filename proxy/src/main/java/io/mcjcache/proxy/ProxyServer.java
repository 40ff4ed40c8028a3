package io.mcjcache.proxy;

import io.mcjcache.cluster.ClusterStore;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's listening side: Netty's NIO transport, one {@link TextProtocolDecoder} per connection and
 * the shared {@link CommandHandler} on an executor group of its own (store calls block). It owns neither
 * the store nor its lifetime: {@link ProxyMain} closes the server first, then the store.
 */
public final class ProxyServer implements AutoCloseable {
  /** Executors that run store calls; a connection stays on one, so its answers keep their order. */
  static final int HANDLER_THREADS = 64;

  private final EventLoopGroup boss = new NioEventLoopGroup(1);
  private final EventLoopGroup workers = new NioEventLoopGroup();
  private final EventExecutorGroup handlers = new DefaultEventExecutorGroup(HANDLER_THREADS);
  private final Channel channel;

  private ProxyServer(ClusterStore store, String namespace, InetSocketAddress listen) throws InterruptedException {
    CommandHandler handler = new CommandHandler(store, new ProxyKeys(namespace));
    int maxData = store.itemSizeLimit();
    ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast("decoder", new TextProtocolDecoder(maxData));
            ch.pipeline().addLast(handlers, "commands", handler);
          }
        });
    try {
      this.channel = bootstrap.bind(listen).sync().channel();
    } catch (InterruptedException | RuntimeException e) {
      shutDownGroups();
      throw e;
    }
  }

  /**
   * Listens on {@code listen} (port 0 picks a free one, see {@link #address()}) and serves the proxy's
   * items of {@code namespace} from {@code store}.
   */
  public static ProxyServer start(ClusterStore store, String namespace, InetSocketAddress listen)
      throws InterruptedException {
    return new ProxyServer(store, namespace, listen);
  }

  /** Where it listens. */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /**
   * Stops accepting, lets requests in flight finish (each is bounded by the store's op timeouts) and
   * closes every connection.
   */
  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
    shutDownGroups();
  }

  private void shutDownGroups() {
    boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    handlers.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
