package io.mcjcache.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One configured memcached server. Its position in {@link ClusterSettings#servers()} is its node
 * index, which is part of where keys live, so the address is kept exactly as configured (host names
 * are not resolved here: resolution belongs to the transport and may change over time).
 *
 * @param host a host name or IPv4 address in lower case, or an IPv6 literal without brackets
 * @param port 1..65535
 */
public record ServerAddress(String host, int port) {

  /** memcached's well-known port, used when an entry names only a host. */
  public static final int DEFAULT_PORT = 11211;

  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

  public ServerAddress {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("mcjcache: server host must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "mcjcache: server port must be in 1..65535, got " + port + " for host '" + host + "'");
    }
    host = host.toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code host}, {@code host:port}, {@code [ipv6]} or {@code [ipv6]:port}; the port defaults
   * to {@value #DEFAULT_PORT}.
   */
  public static ServerAddress parse(String entry) {
    String text = entry.trim();
    if (text.isEmpty()) {
      throw new IllegalArgumentException(
          "mcjcache: servers has an empty entry (two commas in a row, or a trailing comma?)");
    }
    String host;
    String portText;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw bad(entry, "'[' without a closing ']'");
      }
      host = ipv6(entry, text.substring(1, close));
      String rest = text.substring(close + 1);
      if (rest.isEmpty()) {
        portText = null;
      } else if (rest.startsWith(":")) {
        portText = rest.substring(1);
      } else {
        throw bad(entry, "unexpected '" + rest + "' after ']'");
      }
    } else {
      int colon = text.indexOf(':');
      if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
        throw bad(entry, "an IPv6 address without brackets (write [addr]:port)");
      }
      host = colon < 0 ? text : text.substring(0, colon);
      portText = colon < 0 ? null : text.substring(colon + 1);
      if (!HOST_NAME.matcher(host).matches()) {
        throw bad(entry, "a host that is not a host name or IP address");
      }
    }
    return new ServerAddress(host, portText == null ? DEFAULT_PORT : port(entry, portText));
  }

  /**
   * Parses a comma-separated list. Order is kept (it is the node index); duplicates are refused,
   * because two indexes on one server would put both copies of a mirrored key on the same machine.
   */
  public static List<ServerAddress> parseList(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("mcjcache: servers must list at least one host:port, got ''");
    }
    List<ServerAddress> servers = new ArrayList<>();
    Map<ServerAddress, Integer> firstIndex = new HashMap<>();
    for (String entry : text.split(",", -1)) {
      ServerAddress server = parse(entry);
      Integer earlier = firstIndex.putIfAbsent(server, servers.size());
      if (earlier != null) {
        throw new IllegalArgumentException("mcjcache: servers lists " + server + " twice (entries "
            + earlier + " and " + servers.size() + ", counting from 0) in '" + text + "'");
      }
      servers.add(server);
    }
    return List.copyOf(servers);
  }

  /** An address for the transport; this resolves the host name, so call it when connecting. */
  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(host, port);
  }

  /** {@code host:port}, or {@code [ipv6]:port}: the same form {@link #parse} accepts. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  private static String ipv6(String entry, String literal) {
    if (!IPV6_LITERAL.matcher(literal).matches() || literal.indexOf(':') < 0) {
      throw bad(entry, "'[" + literal + "]' which is not an IPv6 address");
    }
    try {
      // A literal is parsed, never looked up, so this does no DNS; it gives one spelling per address.
      InetAddress address = InetAddress.getByName(literal);
      if (!(address instanceof Inet6Address)) {
        throw bad(entry, "'[" + literal + "]' which is not an IPv6 address");
      }
      return address.getHostAddress();
    } catch (UnknownHostException e) {
      throw bad(entry, "'[" + literal + "]' which is not an IPv6 address");
    }
  }

  private static int port(String entry, String portText) {
    if (!portText.isEmpty() && portText.chars().allMatch(Character::isDigit) && portText.length() <= 5) {
      int port = Integer.parseInt(portText);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    }
    throw bad(entry, "port '" + portText + "' (allowed: 1..65535)");
  }

  private static IllegalArgumentException bad(String entry, String problem) {
    return new IllegalArgumentException(
        "mcjcache: servers entry '" + entry + "' has " + problem + "; expected host[:port] or [ipv6][:port]");
  }
}
