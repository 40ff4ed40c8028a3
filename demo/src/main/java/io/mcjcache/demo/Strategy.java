package io.mcjcache.demo;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * One client-side way of placing keys on the cluster, as the failover schedule drives it. Each
 * implementation behaves the way that client would in production: it finds out about dead and
 * returning nodes by itself, and it loses or serves stale data exactly where that client would; the
 * schedule only compares what it reads with what was last written, and what the client was told.
 */
interface Strategy extends AutoCloseable {

  /**
   * Stores every entry (a batch) and returns the keys whose write the client saw acknowledged; the others
   * failed, as in production, and the schedule does not hold their misses against the strategy.
   */
  Set<String> putAll(Map<String, String> entries);

  /**
   * Deletes every key and returns those whose delete the client saw acknowledged (deleted, or not found:
   * either way the server says the key is gone).
   */
  Set<String> deleteAll(Collection<String> keys);

  /** The values found for {@code keys}; misses (and keys on nodes that failed) are absent. */
  Map<String, String> getAll(Collection<String> keys);

  /** Whether this strategy's own failure detection counts {@code node} as alive right now. */
  boolean seesAlive(int node);

  /** Stops every thread, connection and process the strategy opened. */
  @Override
  void close();
}
