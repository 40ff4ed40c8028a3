package io.mcjcache.proxy;

import io.mcjcache.cluster.ClusterStore;
import io.netty.buffer.ByteBufAllocator;

/** memcached's meta commands ({@code mg}, {@code ms}, {@code md}, {@code ma}, {@code mn}); not served yet. */
final class MetaCommands {
  MetaCommands(ClusterStore store, ProxyKeys keys, ProxyFigures figures) {}

  /** Whether {@code command} is one of the meta commands this class answers. */
  static boolean handles(String command) {
    return false;
  }

  Answer execute(ByteBufAllocator alloc, Request request) {
    return Answer.say("ERROR");
  }
}
