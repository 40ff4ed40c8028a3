package io.mcjcache.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Routed, replicated storage of opaque byte values under memcached keys: the only door from the JCache
 * layer to the servers. Every method follows the router's plan for the key (which nodes hold it, where to
 * fall back, what to repair), so the guarantees (docs/design.md, "Guarantees") hold for everything above it.
 *
 * <p>Keys are final memcached keys (at most 250 bytes, no spaces or control characters); their bytes
 * decide placement. Expiry times are memcached {@code exptime} values: 0 = never, up to 30 days
 * relative seconds, otherwise absolute unix seconds. Values are never empty (an empty value is
 * reserved for the store's own tombstones).
 *
 * <p>When no node is alive, reads and writes either throw {@link StoreUnavailableException} or behave
 * as misses and dropped writes, as configured ({@code allDown}).
 */
public interface ClusterStore extends AutoCloseable {
  /**
   * The one figure for how many keys a single request to one node carries (a multi-get, a pipelined batch of
   * sets or deletes, the episode walk's copies), and the window in which callers walk many keys (a whole
   * cache's removal, refresh ahead). A chunk bounds what one request, and so one op timeout, has to cover,
   * and how much one reply holds in memory, whichever path sends it.
   */
  int KEYS_PER_REQUEST = 500;

  /** {@code keys} in consecutive chunks of at most {@link #KEYS_PER_REQUEST}, as views of the list. */
  static <T> List<List<T>> chunks(List<T> keys) {
    List<List<T>> chunks = new ArrayList<>(keys.size() / KEYS_PER_REQUEST + 1);
    for (int from = 0; from < keys.size(); from += KEYS_PER_REQUEST) {
      chunks.add(keys.subList(from, Math.min(keys.size(), from + KEYS_PER_REQUEST)));
    }
    return chunks;
  }

  /** The value, or {@code null} when no live copy has it. */
  byte[] get(String key);

  /** The hits among {@code keys} (misses are absent), in one round trip per node. */
  Map<String, byte[]> getAll(Collection<String> keys);

  /** Unconditional write of every copy of {@code key}. */
  void put(String key, byte[] value, int exptime);

  /** Unconditional writes, pipelined per node. */
  void putAll(Map<String, StoreItem> items);

  /** Removes every copy; {@code true} when some copy existed. */
  boolean delete(String key);

  /** Removes every copy of each key, pipelined per node. */
  void deleteAll(Collection<String> keys);

  /**
   * Atomic read-modify-write: reads the current value on the key's owner node, asks {@code mutation}
   * what to do, and applies the decision there with compare-and-swap, retrying on a concurrent change
   * (so {@code mutation} may run more than once and must be free of side effects beyond its decision).
   * The decision applied is the one its last run returned (a near cache relies on that to know what the
   * owner node holds afterwards). The mirror copy is brought to the result afterwards.
   */
  <R> R update(String key, Mutation<R> mutation);

  /**
   * Takes this caller's turn at {@code key} for a read-modify-write that runs outside {@link #update} (a
   * JCache entry processor, which may call a loader or writer and so cannot be retried inside a
   * mutation): other callers of this store wait for the claim to close, and {@link KeyClaim#contended()}
   * makes contenders in other processes take turns too. {@link #update} takes the same claim itself.
   */
  KeyClaim claim(String key);

  /**
   * Every key starting with {@code prefix} on any live node, each reported once (mirror copies are
   * deduplicated). Listing is best effort by nature (memcached walks its items without a lock): a key
   * written during the walk may be missed.
   */
  void forEachKey(String prefix, Consumer<String> sink);

  /**
   * Whether no node can serve right now ({@code allDown}): layers above must then neither answer from
   * nor remember anything locally, since reads are to miss and writes are dropped.
   */
  default boolean isUnavailable() {
    return false;
  }

  /**
   * Where the layers above report into this store's figures for operators (a near cache's hits and
   * refresh fetches); {@link StoreFigures#NONE} for a store that keeps none.
   */
  default StoreFigures figures() {
    return StoreFigures.NONE;
  }

  /** The largest item (key + value + overhead) the servers accept, in bytes. */
  int itemSizeLimit();

  @Override
  void close();
}
