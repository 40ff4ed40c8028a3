package io.mcjcache.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;

/**
 * Parses {@code memcached://h1:p1,h2:p2[/][?query]} into a {@link URL} whose external form, and so
 * {@link URL#toURI()}, is the text it was given. The JDK's generic parser reads {@code h1:p1,h2:p2} as
 * one host with the port {@code p1,h2:p2} and fails; here the whole server list is kept as the authority,
 * unchecked: the provider validates it when the URI reaches it, with its own messages.
 *
 * <p>Nothing here touches the network: host names are never resolved (not even by {@code URL.equals} or
 * {@code hashCode}, which would resolve them with the default handler), and such a URL has no content.
 */
final class InlineClusterUrlHandler extends URLStreamHandler {

  @Override
  protected void parseURL(URL url, String spec, int start, int limit) {
    String rest = spec.substring(start, limit);
    if (!rest.startsWith("//")) {
      throw new IllegalArgumentException(
          "mcjcache: expected memcached://host:port,... but got '" + spec + "'");
    }
    String afterSlashes = rest.substring(2);
    int queryStart = afterSlashes.indexOf('?');
    String beforeQuery = queryStart < 0 ? afterSlashes : afterSlashes.substring(0, queryStart);
    String query = queryStart < 0 ? null : afterSlashes.substring(queryStart + 1);
    int pathStart = beforeQuery.indexOf('/');
    String authority = pathStart < 0 ? beforeQuery : beforeQuery.substring(0, pathStart);
    String path = pathStart < 0 ? "" : beforeQuery.substring(pathStart);
    setURL(url, url.getProtocol(), authority, -1, authority, null, path, query, url.getRef());
  }

  @Override
  protected URLConnection openConnection(URL url) throws IOException {
    throw new IOException("mcjcache: " + url + " names a cluster of memcached servers and has no content "
        + "to read; give it to the JCache provider as a CacheManager URI");
  }

  /** Never resolves: the "host" is a list of servers, and comparing URLs must not cost DNS look-ups. */
  @Override
  protected synchronized InetAddress getHostAddress(URL url) {
    return null;
  }

  @Override
  protected boolean hostsEqual(URL first, URL second) {
    return first.getHost().equalsIgnoreCase(second.getHost());
  }
}
