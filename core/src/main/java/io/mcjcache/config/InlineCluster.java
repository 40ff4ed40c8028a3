package io.mcjcache.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The server list of a {@code memcached://h1:p1,h2:p2,...} URI. {@link java.net.URI} cannot read a
 * comma-separated list of host:port as an authority, so the list is taken from the raw
 * scheme-specific part here. Percent-escapes are decoded, which is how a list of IPv6 literals can be
 * written at all ({@code memcached://%5B::1%5D:11211,%5B::2%5D:11211}): java.net.URI accepts brackets
 * only around a single host.
 */
final class InlineCluster {

  private InlineCluster() {}

  /**
   * The servers of {@code location}, the part of the URI between {@code memcached:} and {@code ?}.
   * Returns them as the text of the {@code servers} key, normalised, so that they go through the same
   * checks as a servers line in a file.
   */
  static String servers(String location, String uriText) {
    if (!location.startsWith("//")) {
      throw new IllegalArgumentException("mcjcache: expected memcached://host:port,... but got '" + uriText + "'");
    }
    String authority = location.substring(2);
    int slash = authority.indexOf('/');
    if (slash >= 0) {
      String path = authority.substring(slash);
      if (!path.equals("/")) {
        throw new IllegalArgumentException("mcjcache: unexpected path '" + path + "' in '" + uriText
            + "'; a memcached URI is memcached://host:port,...[?key=value&...]");
      }
      authority = authority.substring(0, slash);
    }
    if (authority.contains("@")) {
      throw new IllegalArgumentException("mcjcache: '" + uriText + "' carries user information (user:password@"
          + "host), which mcjcache does not read; a password in a URI ends up in logs and JMX names, so mcjcache"
          + " never takes one from there");
    }
    if (authority.isEmpty()) {
      throw new IllegalArgumentException("mcjcache: no servers in '" + uriText
          + "'; expected memcached://host:port,...");
    }
    List<ServerAddress> servers = ServerAddress.parseList(UriQuery.decode(authority, uriText));
    return servers.stream().map(ServerAddress::toString).collect(Collectors.joining(","));
  }
}
