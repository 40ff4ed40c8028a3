package io.mcjcache.demo;

import java.util.Collection;
import java.util.Map;

/**
 * One client-side way of placing keys on the cluster, as the failover schedule drives it. Each
 * implementation behaves the way that client would in production: it finds out about dead and
 * returning nodes by itself, and it loses or serves stale data exactly where that client would; the
 * schedule only compares what it reads with what was last written.
 */
interface Strategy extends AutoCloseable {

  /** Stores every entry (a batch); failures are the strategy's business, as in production. */
  void putAll(Map<String, String> entries);

  /** The values found for {@code keys}; misses (and keys on nodes that failed) are absent. */
  Map<String, String> getAll(Collection<String> keys);

  /** Whether this strategy's own failure detection counts {@code node} as alive right now. */
  boolean seesAlive(int node);

  /** Stops every thread and connection the strategy opened. */
  @Override
  void close();
}
