package io.mcjcache.proxy;

import java.net.InetSocketAddress;

/**
 * How the proxy listens (docs/proxy.md, "Running it" and "Limits").
 *
 * @param listen the address to bind; port 0 picks a free one
 * @param maxConnections client connections open at once; one more is answered
 *     {@code ERROR Too many open connections} and closed (memcached's default, 1024, is the default here)
 * @param idleTimeoutSeconds a connection that sends nothing for this long is closed; 0 = never (memcached's
 *     default too: client pools keep idle connections on purpose)
 */
public record ProxyOptions(InetSocketAddress listen, int maxConnections, int idleTimeoutSeconds) {
  public static final String DEFAULT_LISTEN = "127.0.0.1:11311";
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;

  public ProxyOptions {
    if (listen == null) {
      throw new IllegalArgumentException("the proxy needs an address to listen on");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("--max-connections must be at least 1, got " + maxConnections);
    }
    if (idleTimeoutSeconds < 0) {
      throw new IllegalArgumentException("--idle-timeout must be 0 (never) or more seconds, got "
          + idleTimeoutSeconds);
    }
  }

  /** Defaults for everything but the address. */
  public static ProxyOptions listeningOn(InetSocketAddress listen) {
    return new ProxyOptions(listen, DEFAULT_MAX_CONNECTIONS, 0);
  }

  /** {@code host:port} (IPv6 hosts in brackets) as an address; a clear error for anything else. */
  public static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("--listen wants host:port, got '" + hostPort + "'");
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--listen wants a port number, got '" + hostPort + "'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--listen port out of range: " + port);
    }
    return new InetSocketAddress(host, port);
  }
}
