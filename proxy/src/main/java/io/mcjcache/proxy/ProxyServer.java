package io.mcjcache.proxy;

import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.cluster.RouterFiguresMXBean;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The proxy's listening side: Netty's NIO transport; per connection a {@link ConnectionGate} (limit, idle
 * close), an idle timer when asked for, a {@link TextProtocolDecoder}, and the shared
 * {@link CommandHandler} on an executor group of its own (store calls block). It owns neither the store
 * nor its lifetime: whoever started it closes the server first, then the store.
 */
public final class ProxyServer implements AutoCloseable {
  /** Executors that run store calls; a connection stays on one, so its answers keep their order. */
  static final int HANDLER_THREADS = 64;

  private static final Logger LOG = Logger.getLogger(ProxyServer.class.getName());

  private final EventLoopGroup boss = new NioEventLoopGroup(1);
  private final EventLoopGroup workers = new NioEventLoopGroup();
  private final EventExecutorGroup handlers = new DefaultEventExecutorGroup(HANDLER_THREADS);
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final ProxyFigures figures = new ProxyFigures();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "mcjcache-proxy-timer");
    thread.setDaemon(true);
    return thread;
  });
  private final Channel channel;
  private final ObjectName jmxName;

  private ProxyServer(ClusterStore store, String namespace, ProxyOptions options) throws InterruptedException {
    ProxyKeys keys = new ProxyKeys(namespace);
    RouterFiguresMXBean router = store.figures() instanceof RouterFiguresMXBean f ? f : null;
    CommandHandler handler = new CommandHandler(
        new TextCommands(store, keys, figures, new ProxyStats(figures, router, options, store.itemSizeLimit()), timer),
        new MetaCommands(store, keys, figures), figures);
    ConnectionGate gate = new ConnectionGate(figures, options.maxConnections());
    int maxData = store.itemSizeLimit();
    ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            connections.add(ch);
            if (options.idleTimeoutSeconds() > 0) {
              ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, options.idleTimeoutSeconds()));
            }
            ch.pipeline().addLast("gate", gate);
            ch.pipeline().addLast("decoder", new TextProtocolDecoder(maxData));
            ch.pipeline().addLast(handlers, "commands", handler);
          }
        });
    try {
      this.channel = bootstrap.bind(options.listen()).sync().channel();
    } catch (Exception e) { // a failed bind's BindException arrives unchecked-style through sync()
      shutDownGroups(); // else the event loops' threads keep the JVM alive
      throw e;
    }
    this.jmxName = register(figures, address());
  }

  /**
   * Listens as {@code options} say and serves the proxy's items of {@code namespace} (the proxy's own
   * namespace, see {@link ProxyMain#storeSettings}) from {@code store}.
   */
  public static ProxyServer start(ClusterStore store, String namespace, ProxyOptions options)
      throws InterruptedException {
    return new ProxyServer(store, namespace, options);
  }

  /** {@link #start(ClusterStore, String, ProxyOptions)} with the default limits. */
  public static ProxyServer start(ClusterStore store, String namespace, InetSocketAddress listen)
      throws InterruptedException {
    return start(store, namespace, ProxyOptions.listeningOn(listen));
  }

  /** Where it listens. */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** This proxy's figures, as JMX shows them. */
  public ProxyFiguresMXBean figures() {
    return figures;
  }

  /**
   * Stops cleanly: stops accepting, stops reading new requests, lets the requests already read finish and
   * their answers go out (each is bounded by the store's op timeouts), then closes every connection.
   */
  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
    connections.forEach(ch -> ch.config().setAutoRead(false));
    handlers.shutdownGracefully(0, 30, TimeUnit.SECONDS).awaitUninterruptibly();
    connections.close().awaitUninterruptibly();
    shutDownGroups();
    unregister(jmxName);
  }

  private void shutDownGroups() {
    timer.shutdownNow();
    boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    handlers.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
  }

  private static ObjectName register(ProxyFigures figures, InetSocketAddress address) {
    try {
      ObjectName name = new ObjectName("io.mcjcache:type=Proxy,listen="
          + ObjectName.quote(address.getHostString() + ":" + address.getPort()));
      ManagementFactory.getPlatformMBeanServer().registerMBean(figures, name);
      return name;
    } catch (JMException e) {
      LOG.log(Level.WARNING, "mcjcache proxy: figures not registered in JMX", e);
      return null;
    }
  }

  private static void unregister(ObjectName name) {
    if (name == null) {
      return;
    }
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    } catch (JMException e) {
      LOG.log(Level.FINE, "mcjcache proxy: figures were already unregistered", e);
    }
  }
}
