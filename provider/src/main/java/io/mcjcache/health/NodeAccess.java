package io.mcjcache.health;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The three requests health needs from the servers: a probe, a key listing and a delete, each on one
 * named node and bounded by the operation timeout. Failures are thrown as unchecked exceptions.
 */
public interface NodeAccess {
  /** The node's {@code stats} (must include {@code pid} and {@code uptime}). */
  Map<String, String> stats(int node);

  /** Every key on the node that starts with {@code prefix}. */
  void listKeys(int node, String prefix, Consumer<String> sink);

  /** Deletes one key on one node; {@code true} when it existed. */
  boolean delete(int node, String key);
}
