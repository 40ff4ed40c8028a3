package io.mcjcache.cluster;

import io.mcjcache.health.NodeAccess;
import io.mcjcache.transport.CasOutcome;
import io.mcjcache.transport.MemcachedTransport;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Health's view of the transport: the requests it needs, on named nodes. */
public record TransportNodeAccess(MemcachedTransport transport) implements NodeAccess {
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

  @Override
  public CompletableFuture<Stored> gets(int node, String key) {
    return transport.getsAsync(node, key).thenApply(v -> v == null ? null : new Stored(v.value(), v.cas()));
  }

  @Override
  public CompletableFuture<Boolean> add(int node, String key, int ttlSeconds, byte[] value) {
    return transport.addAsync(node, key, ttlSeconds, value);
  }

  @Override
  public CompletableFuture<Boolean> cas(int node, String key, long cas, int ttlSeconds, byte[] value) {
    return transport.casAsync(node, key, cas, ttlSeconds, value).thenApply(outcome -> outcome == CasOutcome.STORED);
  }
}
