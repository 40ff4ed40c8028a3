package io.mcjcache.transport;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLContext;

import net.spy.memcached.ClientMode;
import net.spy.memcached.ConnectionObserver;
import net.spy.memcached.DefaultConnectionFactory;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.NodeLocator;

/**
 * spymemcached's connection settings for the transport. A subclass rather than
 * ConnectionFactoryBuilder because the builder cannot plug in a locator of our own. Choices:
 * <ul>
 *   <li>text protocol (the default factory's): memcached 1.6 deprecates the binary protocol, and
 *       metadump is text anyway;</li>
 *   <li>{@link PinnedNodeLocator}: the caller, not a key hash, picks the node;</li>
 *   <li>{@code FailureMode.Cancel}: while a node is disconnected its operations fail at once;
 *       {@code Redistribute} would silently send them to another node, which only the router may
 *       decide;</li>
 *   <li>max reconnect delay and consecutive-timeout threshold from {@link TransportSettings} (short,
 *       so that a restarted node is used again within about a second and a hung connection is
 *       dropped instead of making every call wait out its timeout);</li>
 *   <li>op queue block time = op timeout, so enqueueing onto the full queue of a hung node cannot
 *       block a caller longer than one operation may take;</li>
 *   <li>daemon I/O thread and our own daemon listener executor, so an unclosed transport never keeps
 *       a JVM alive (spymemcached's default listener pool uses non-daemon threads);</li>
 *   <li>{@code ClientMode.Static}: the fork's default switches to ElastiCache cluster discovery when a
 *       host name contains {@code .cfg.}, after which every operation fails;</li>
 *   <li>TLS from {@link TransportSecurity}; the fork verifies one host name per factory, so with host
 *       name verification each node has its client and factory ({@link NodeConnections});</li>
 *   <li>the {@link NodeAuthenticator} as an initial observer, so that no connection escapes it.</li>
 * </ul>
 */
final class TransportConnectionFactory extends DefaultConnectionFactory {

  private final TransportSettings settings;
  private final ThreadLocal<Integer> pinnedNode;
  private final ExecutorService listenerExecutor;
  private final String tlsHost;
  private final NodeAuthenticator authenticator;

  /**
   * @param tlsHost the host name the server's certificate must name, or null when there is no TLS or
   *     host names are not verified
   */
  TransportConnectionFactory(TransportSettings settings, ThreadLocal<Integer> pinnedNode,
      ExecutorService listenerExecutor, String tlsHost, NodeAuthenticator authenticator) {
    this.settings = settings;
    this.pinnedNode = pinnedNode;
    this.listenerExecutor = listenerExecutor;
    this.tlsHost = tlsHost;
    this.authenticator = authenticator;
  }

  @Override
  public ClientMode getClientMode() {
    return ClientMode.Static;
  }

  @Override
  public SSLContext getSSLContext() {
    return settings.security().tls();
  }

  @Override
  public String getHostnameForTlsVerification() {
    return settings.security().verifyHostnames() ? tlsHost : null;
  }

  @Override
  public boolean skipTlsHostnameVerification() {
    return !settings.security().verifyHostnames();
  }

  @Override
  public Collection<ConnectionObserver> getInitialObservers() {
    return List.of(authenticator);
  }

  @Override
  public NodeLocator createLocator(List<MemcachedNode> nodes) {
    return new PinnedNodeLocator(nodes, pinnedNode);
  }

  @Override
  public FailureMode getFailureMode() {
    return FailureMode.Cancel;
  }

  @Override
  public long getOperationTimeout() {
    return settings.opTimeout().toMillis();
  }

  @Override
  public long getOpQueueMaxBlockTime() {
    return settings.opTimeout().toMillis();
  }

  /** In seconds, spymemcached's unit. */
  @Override
  public long getMaxReconnectDelay() {
    return settings.maxReconnectDelay().toSeconds();
  }

  /**
   * spymemcached drops a connection when its consecutive timeouts exceed this value; its builder
   * stores "threshold - 2", which we mirror so the setting means what the builder's does.
   */
  @Override
  public int getTimeoutExceptionThreshold() {
    return settings.timeoutExceptionThreshold() - 2;
  }

  @Override
  public boolean isDaemon() {
    return true;
  }

  @Override
  public boolean shouldOptimize() {
    return false;
  }

  @Override
  public ExecutorService getListenerExecutorService() {
    return listenerExecutor;
  }

  @Override
  public boolean isDefaultExecutorService() {
    return false;
  }
}
