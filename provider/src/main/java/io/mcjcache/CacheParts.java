package io.mcjcache;

import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.event.EventDispatcher;
import io.mcjcache.expiry.ExpiryTimes;
import io.mcjcache.integration.ReadThrough;
import io.mcjcache.integration.WriteThrough;
import io.mcjcache.management.CacheStatistics;
import javax.cache.Cache;

/**
 * The parts one cache is made of, handed to the classes that carry out its operations
 * ({@link SingleKeyOperations}, {@link BatchOperations}, {@link Invocation}, {@link EntryDecisions}) so that
 * they receive what they use instead of the cache itself: the JCache layer then flows one way, from
 * {@link MemcachedCache} down to its helpers (docs/architecture.md, "Packages of the provider").
 *
 * @param name the cache's name, for messages
 * @param eventSource the cache as listeners see it, the source of every event
 * @param store the servers, through the cache's near cache when it has one
 * @param codec keys and values to items and back
 * @param expiry the cache's expiry policy as absolute times
 * @param events the cache's listeners
 * @param statistics the cache's statistics (they count only while enabled)
 * @param loader the configured loader, or null; {@link #isReadThrough()} says whether reads may call it
 * @param readThrough whether the configuration asks for read-through
 * @param writer the writer, or null when the cache is not write-through
 */
record CacheParts<K, V>(String name, Cache<K, V> eventSource, ClusterStore store, EntryCodec codec,
    ExpiryTimes expiry, EventDispatcher<K, V> events, CacheStatistics statistics, ReadThrough<K, V> loader,
    boolean readThrough, WriteThrough<K, V> writer) {

  /** Whether a miss calls the loader: there is one and the configuration asks for read-through. */
  boolean isReadThrough() {
    return loader != null && readThrough;
  }

  /** Counts a read that found a live entry as a hit, any other as a miss. */
  void countHit(boolean hit) {
    if (hit) {
      statistics.recordHits(1);
    } else {
      statistics.recordMisses(1);
    }
  }
}
