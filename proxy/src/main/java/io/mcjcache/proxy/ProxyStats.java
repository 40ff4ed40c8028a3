package io.mcjcache.proxy;

import io.mcjcache.cluster.RouterFiguresMXBean;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code stats} answer: memcached's general names where the proxy has the same figure ({@code pid},
 * {@code uptime}, {@code curr_connections}, {@code cmd_get}, {@code get_hits} ...), then every router
 * figure of the store as {@code router_<name>} and each node's state as {@code router_node_<i>}, so that a
 * plain memcached client or {@code memcstat} shows what the JCache side shows in JMX (docs/proxy.md,
 * "Figures").
 */
final class ProxyStats {
  /** The router's getters, read by name so that a figure added to the router shows up here unasked. */
  private static final List<Method> ROUTER_GETTERS = Arrays.stream(RouterFiguresMXBean.class.getMethods())
      .filter(m -> m.getName().startsWith("get") && m.getParameterCount() == 0)
      .sorted(Comparator.comparing(Method::getName))
      .toList();

  private final ProxyFigures figures;
  private final RouterFiguresMXBean router;
  private final ProxyOptions options;
  private final int itemSizeLimit;
  private final long startedMillis = System.currentTimeMillis();

  /**
   * @param router the store's figures, or {@code null} for a store that keeps none
   * @param options how the proxy listens ({@code stats settings})
   * @param itemSizeLimit the store's item size limit ({@code stats settings})
   */
  ProxyStats(ProxyFigures figures, RouterFiguresMXBean router, ProxyOptions options, int itemSizeLimit) {
    this.figures = figures;
    this.router = router;
    this.options = options;
    this.itemSizeLimit = itemSizeLimit;
  }

  /** {@code stats settings}: the proxy's own settings under memcached's names where they mean the same. */
  ByteBuf renderSettings(ByteBufAllocator alloc) {
    StringBuilder s = new StringBuilder(256);
    stat(s, "maxconns", options.maxConnections());
    stat(s, "tcpport", options.listen().getPort());
    stat(s, "idle_timeout", options.idleTimeoutSeconds());
    stat(s, "item_size_max", itemSizeLimit);
    stat(s, "cas_enabled", "yes");
    stat(s, "shutdown_command", "no");
    s.append("END\r\n");
    ByteBuf out = alloc.buffer(s.length());
    out.writeCharSequence(s, StandardCharsets.ISO_8859_1);
    return out;
  }

  /** {@code stats reset}: the proxy's counters; the router's figures are the store's and stay. */
  void reset() {
    figures.reset();
  }

  ByteBuf render(ByteBufAllocator alloc) {
    long now = System.currentTimeMillis();
    StringBuilder s = new StringBuilder(2048);
    stat(s, "pid", ProcessHandle.current().pid());
    stat(s, "uptime", (now - startedMillis) / 1000);
    stat(s, "time", now / 1000);
    stat(s, "version", TextCommands.VERSION);
    stat(s, "curr_connections", figures.getCurrentConnections());
    stat(s, "total_connections", figures.getTotalConnections());
    stat(s, "rejected_connections", figures.getRejectedConnections());
    stat(s, "idle_kicks", figures.getIdleClosedConnections());
    stat(s, "cmd_get", figures.getGetKeys());
    stat(s, "cmd_set", figures.getStorageCommands());
    stat(s, "get_hits", figures.getGetHits());
    stat(s, "get_misses", figures.getGetKeys() - figures.getGetHits());
    stat(s, "client_errors", figures.getClientErrors());
    stat(s, "server_errors", figures.getServerErrors());
    if (router != null) {
      for (Method getter : ROUTER_GETTERS) {
        Object value = read(getter);
        String name = "router_" + snake(getter.getName().substring(3));
        if (value instanceof List<?> lines) {
          for (int i = 0; i < lines.size(); i++) {
            stat(s, name + "_" + i, oneLine(String.valueOf(lines.get(i))));
          }
        } else {
          stat(s, name, oneLine(String.valueOf(value)));
        }
      }
    }
    s.append("END\r\n");
    ByteBuf out = alloc.buffer(s.length());
    out.writeCharSequence(s, StandardCharsets.ISO_8859_1);
    return out;
  }

  private Object read(Method getter) {
    try {
      return getter.invoke(router);
    } catch (IllegalAccessException | InvocationTargetException e) {
      return "unavailable (" + e.getClass().getSimpleName() + ")";
    }
  }

  /** {@code FallbackHits} to {@code fallback_hits}. */
  static String snake(String camel) {
    StringBuilder s = new StringBuilder(camel.length() + 8);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          s.append('_');
        }
        s.append(Character.toLowerCase(c));
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }

  private static String oneLine(String text) {
    return text.replace('\r', ' ').replace('\n', ' ');
  }

  private static void stat(StringBuilder s, String name, Object value) {
    s.append("STAT ").append(name).append(' ').append(value).append("\r\n");
  }
}
