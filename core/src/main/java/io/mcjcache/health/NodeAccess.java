package io.mcjcache.health;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The requests health needs from the servers, each on one named node and bounded by the operation
 * timeout: a probe, a key listing and a delete for the rejoin flush; and, for the cluster record and the
 * hosts' flush lease, a versioned read, an add and a compare-and-swap. Failures are thrown as unchecked
 * exceptions, or complete the returned future exceptionally.
 */
public interface NodeAccess {
  /** The node's {@code stats} (must include {@code pid} and {@code uptime}). */
  Map<String, String> stats(int node);

  /** Every key on the node that starts with {@code prefix}. */
  void listKeys(int node, String prefix, Consumer<String> sink);

  /** Deletes one key on one node; {@code true} when it existed. */
  boolean delete(int node, String key);

  /** The key's value and CAS token on the node, or null when it is absent. */
  CompletableFuture<Stored> gets(int node, String key);

  /** Stores the value only if the key is absent; {@code true} when stored. */
  CompletableFuture<Boolean> add(int node, String key, int ttlSeconds, byte[] value);

  /** Stores the value only if the item still has the CAS token {@code cas}; {@code true} when stored. */
  CompletableFuture<Boolean> cas(int node, String key, long cas, int ttlSeconds, byte[] value);

  /** A value as read with its CAS token. */
  record Stored(byte[] value, long cas) {}
}
