package io.mcjcache;

import io.mcjcache.cluster.ClusterStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A cache's keys as the servers list them, and their deletion: what whole-cache operations start from
 * ({@code clear}, {@code removeAll()}, iteration, and {@code destroyCache}, which also reaches a cache
 * that is not open in this JVM). A listing is best effort (docs/design.md, "Facts about memcached": the
 * servers walk their items without a lock), so a deletion repeats it until a pass finds none of the cache's
 * keys left.
 */
final class CacheKeyListing {
  /** Listing passes before a whole-cache removal gives up on keys that keep appearing. */
  static final int MAX_PASSES = 8;

  private final ClusterStore store;
  private final EntryCodec codec;

  CacheKeyListing(ClusterStore store, EntryCodec codec) {
    this.store = store;
    this.codec = codec;
  }

  /** The cache's memcached keys listed now, each once, without those in {@code skip}. */
  List<String> keys(Set<String> skip) {
    Set<String> keys = new LinkedHashSet<>();
    store.forEachKey(codec.prefix(), key -> {
      if (codec.owns(key) && !skip.contains(key)) {
        keys.add(key);
      }
    });
    return new ArrayList<>(keys);
  }

  /**
   * Deletes every item of the cache, whether or not it is open in this JVM: no writer, no events (for
   * {@code clear()} and {@code destroyCache}).
   */
  void deleteAll() {
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      List<String> listed = keys(Set.of());
      if (listed.isEmpty()) {
        return;
      }
      for (List<String> chunk : ClusterStore.chunks(listed)) {
        store.deleteAll(chunk);
      }
    }
  }
}
