package io.mcjcache.integration.atomic;

import io.mcjcache.codec.JavaSerializer;
import io.mcjcache.codec.KeyEncoder;
import io.mcjcache.routing.ClusterView;
import io.mcjcache.routing.Router;
import io.mcjcache.routing.RoutingSettings;
import io.mcjcache.testkit.MemcachedNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Where a JCache key lives, from mcjcache's public placement contract: the memcached key is
 * {@code <namespace>:<cache name>:<base64url of the serialized key>} (docs/jcache.md, docs/codec.md), its
 * home node is XXH64 of that key modulo the configured node count and its mirror is the pair partner
 * {@code home ^ 1} (docs/routing.md). Computed with the provider's public {@link KeyEncoder},
 * {@link JavaSerializer} and {@link Router}; {@link #holds} checks the result on the servers themselves
 * with a plain memcached {@code get}, so a test that aims a fault at the key's owner knows it hit it.
 */
final class KeyPlacement {
  private final String namespace;
  private final String cacheName;
  private final int nodes;
  private final Router router;

  /** Placement for a cluster of {@code nodes} nodes with the default {@code hash=modulo}, {@code mirror=pairs}. */
  KeyPlacement(String namespace, String cacheName, int nodes) {
    this.namespace = namespace;
    this.cacheName = cacheName;
    this.nodes = nodes;
    this.router = new Router(RoutingSettings.defaults(nodes));
  }

  /** The memcached key under which {@code key} (a {@code String}) of this cache is stored. */
  String memcachedKey(String key) {
    return KeyEncoder.forCache(namespace, cacheName).encode(new JavaSerializer().serialize(key));
  }

  /** The home node (owner, the atomic authority while it is alive) of {@code key}. */
  int home(String key) {
    return router.home(memcachedKey(key).getBytes(StandardCharsets.US_ASCII));
  }

  /** The node that holds the mirror copy of {@code key} while both are alive. */
  int partner(String key) {
    // with every node alive the holders are [home, partner]
    return router.holders(memcachedKey(key).getBytes(StandardCharsets.US_ASCII), ClusterView.allAlive(nodes)).get(1);
  }

  /** The first of {@code prefix0, prefix1, ...} whose home is {@code node}. */
  String keyHomedOn(int node, String prefix) {
    for (int i = 0; i < 10_000; i++) {
      String key = prefix + i;
      if (home(key) == node) {
        return key;
      }
    }
    throw new IllegalStateException("no key " + prefix + "<n> has its home on node " + node + " of " + nodes);
  }

  /** Whether {@code node} holds an item under {@code memcachedKey}, asked with a plain {@code get}. */
  static boolean holds(MemcachedNode node, String memcachedKey) {
    try (Socket socket = new Socket()) {
      socket.connect(node.address(), 2_000);
      socket.setSoTimeout(2_000);
      OutputStream out = socket.getOutputStream();
      out.write(("get " + memcachedKey + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(
          new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      String first = in.readLine();
      if (first == null || !(first.startsWith("VALUE ") || first.equals("END"))) {
        throw new IllegalStateException(node + " answered '" + first + "' to get " + memcachedKey);
      }
      return first.startsWith("VALUE ");
    } catch (IOException e) {
      throw new UncheckedIOException(node + ": get " + memcachedKey + " failed", e);
    }
  }
}
