package io.mcjcache.proxy;

import java.util.ArrayList;
import java.util.List;

/**
 * The proxy's command-line flags, shared by {@link ProxyMain} and the agent: {@code --listen host:port},
 * {@code --max-connections n}, {@code --idle-timeout seconds}; everything else is left to the caller as
 * positional arguments. A bad flag is an {@link IllegalArgumentException} that names it.
 *
 * @param positional the arguments that are not the proxy's flags, in order
 * @param options how to listen, or {@code null} when no {@code --listen} was given
 */
public record ProxyArguments(List<String> positional, ProxyOptions options) {
  public static final String USAGE =
      "--listen host:port [--max-connections n (default 1024)] [--idle-timeout seconds (default 0 = never)]";

  /**
   * Reads {@code args}; {@code defaultListen} (or {@code null}) is used when no {@code --listen} is given
   * but a limit is, or always when not {@code null}.
   */
  public static ProxyArguments parse(String[] args, String defaultListen) {
    List<String> positional = new ArrayList<>();
    String listen = null;
    Integer maxConnections = null;
    Integer idleTimeout = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--listen" -> listen = value(args, ++i, arg);
        case "--max-connections" -> maxConnections = number(value(args, ++i, arg), arg);
        case "--idle-timeout" -> idleTimeout = number(value(args, ++i, arg), arg);
        default -> {
          if (arg.startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + arg + " (the proxy's: " + USAGE + ")");
          }
          positional.add(arg);
        }
      }
    }
    if (listen == null) {
      listen = defaultListen;
    }
    if (listen == null) {
      if (maxConnections != null || idleTimeout != null) {
        throw new IllegalArgumentException("--max-connections and --idle-timeout need --listen host:port");
      }
      return new ProxyArguments(List.copyOf(positional), null);
    }
    ProxyOptions options = new ProxyOptions(ProxyOptions.address(listen),
        maxConnections == null ? ProxyOptions.DEFAULT_MAX_CONNECTIONS : maxConnections,
        idleTimeout == null ? 0 : idleTimeout);
    return new ProxyArguments(List.copyOf(positional), options);
  }

  private static String value(String[] args, int index, String flag) {
    if (index >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[index];
  }

  private static int number(String text, String flag) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " takes a whole number, not '" + text + "'");
    }
  }
}
