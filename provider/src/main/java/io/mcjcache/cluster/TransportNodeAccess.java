package io.mcjcache.cluster;

import io.mcjcache.health.NodeAccess;
import io.mcjcache.transport.MemcachedTransport;
import java.util.Map;
import java.util.function.Consumer;

/** Health's view of the transport: the probe, the key listing and the delete it needs. */
record TransportNodeAccess(MemcachedTransport transport) implements NodeAccess {
  @Override
  public Map<String, String> stats(int node) {
    return transport.stats(node);
  }

  @Override
  public void listKeys(int node, String prefix, Consumer<String> sink) {
    transport.listKeys(node, prefix, sink);
  }

  @Override
  public boolean delete(int node, String key) {
    return transport.delete(node, key);
  }
}
