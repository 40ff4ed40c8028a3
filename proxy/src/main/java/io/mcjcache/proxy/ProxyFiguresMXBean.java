package io.mcjcache.proxy;

/**
 * The proxy's own figures in JMX ({@code io.mcjcache:type=Proxy,listen="host:port"}); the same numbers are
 * in the text protocol's {@code stats}, beside the router's (docs/proxy.md, "Figures").
 */
public interface ProxyFiguresMXBean {
  /** Client connections open now. */
  long getCurrentConnections();

  /** Client connections accepted since start. */
  long getTotalConnections();

  /** Connections refused because {@code proxy.maxConnections} were open. */
  long getRejectedConnections();

  /** Connections closed because they stayed idle for {@code proxy.idleTimeoutSec}. */
  long getIdleClosedConnections();

  /** Keys asked for by get, gets, gat, gats and mg. */
  long getGetKeys();

  /** Of those, keys found. */
  long getGetHits();

  /** Storage commands executed (set, add, replace, append, prepend, cas, ms). */
  long getStorageCommands();

  /** Answers that were {@code ERROR} or {@code CLIENT_ERROR}: input the proxy refused. */
  long getClientErrors();

  /** Answers that were {@code SERVER_ERROR}: the cluster could not serve, or an item was too large. */
  long getServerErrors();
}
