package io.mcjcache;

import io.mcjcache.EntryCodec.StoreKey;
import io.mcjcache.EntryCodec.StoredEntry;
import io.mcjcache.EntryDecisions.Outcome;
import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.cluster.Decision;
import io.mcjcache.cluster.StoreItem;
import io.mcjcache.codec.PreparedItem;
import io.mcjcache.event.EventDispatcher;
import io.mcjcache.expiry.ExpiryTimes;
import io.mcjcache.integration.WriteThrough;
import io.mcjcache.management.CacheStatistics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.integration.CacheWriterException;

/**
 * A cache's operations on many keys: each reads and writes in one batch call per kind (which the store
 * turns into one round trip per node), so their cost does not grow with round trips per key. They are
 * not atomic across keys, and between the batch read and the batch write another client may change a
 * key; the single-key methods are the atomic ones. What happens to each entry is the same
 * {@link EntryDecisions} decision a single-key operation takes, collected into the batch.
 *
 * <p>Whole-cache operations ({@code removeAll()}, iteration) start from a {@link CacheKeyListing}; the
 * removal repeats it until a pass finds none of the cache's keys left.
 */
final class BatchOperations<K, V> {
  private final ClusterStore store;
  private final EntryCodec codec;
  private final ExpiryTimes expiry;
  private final EventDispatcher<K, V> events;
  private final CacheStatistics statistics;
  private final EntryDecisions<K, V> decisions;
  private final SingleKeyOperations<K, V> single;
  private final CacheKeyListing listing;

  BatchOperations(CacheParts<K, V> parts, EntryDecisions<K, V> decisions, SingleKeyOperations<K, V> single,
      CacheKeyListing listing) {
    this.store = parts.store();
    this.codec = parts.codec();
    this.expiry = parts.expiry();
    this.events = parts.events();
    this.statistics = parts.statistics();
    this.decisions = decisions;
    this.single = single;
    this.listing = listing;
  }

  /** The live entries among {@code keys}, counting hits and misses; expired ones are reported. */
  Map<K, V> getAll(Set<? extends K> keys) {
    long start = System.nanoTime();
    long now = System.currentTimeMillis();
    Map<K, StoredEntry> read = read(keys, now);
    Map<K, V> found = new HashMap<>(capacity(keys.size()));
    read.forEach((key, entry) -> {
      if (entry.isLive()) {
        found.put(key, decisions.value(entry.live()));
        single.touch(entry, now);
      } else if (entry.expired() != null) {
        single.expired(key, entry);
      }
    });
    statistics.recordHits(found.size());
    statistics.recordMisses(keys.size() - found.size());
    statistics.recordGetTime(System.nanoTime() - start);
    return found;
  }

  /** The keys among {@code keys} that have no live entry. */
  Set<K> absentOf(Set<K> keys) {
    Set<K> absent = new LinkedHashSet<>();
    read(keys, System.currentTimeMillis()).forEach((key, entry) -> {
      if (!entry.isLive()) {
        absent.add(key);
      }
    });
    return absent;
  }

  /**
   * Stores application entries (already written through), each prepared by {@link EntryCodec#prepare}
   * before the writer saw it; returns how many are now in the cache.
   */
  int putAll(Map<K, V> entries, Map<K, PreparedEntry> prepared) {
    return write(entries, prepared, true);
  }

  /** Stores what a loader produced: neither a write-through nor a put in the statistics. */
  void storeLoaded(Map<K, V> loaded, boolean replaceExisting) {
    Map<K, PreparedEntry> prepared = new HashMap<>(capacity(loaded.size()));
    loaded.forEach((key, value) -> prepared.put(key, prepare(key, value)));
    write(loaded, prepared, replaceExisting);
  }

  /** An entry's key and value prepared for a batch write (the key is encoded once for the whole write). */
  record PreparedEntry(StoreKey key, PreparedItem item) {}

  /** Encodes {@code key} and prepares {@code value}'s item, refusing one that will not fit. */
  PreparedEntry prepare(K key, V value) {
    StoreKey storeKey = codec.key(key);
    return new PreparedEntry(storeKey, codec.prepare(storeKey, value));
  }

  private int write(Map<K, V> entries, Map<K, PreparedEntry> prepared, boolean replaceExisting) {
    if (entries.isEmpty()) {
      return 0;
    }
    long now = System.currentTimeMillis();
    Map<K, StoreKey> storeKeys = new HashMap<>(capacity(entries.size()));
    entries.keySet().forEach(key -> storeKeys.put(key, prepared.get(key).key()));
    // What the keys hold decides creation or update and the events; with nothing to decide it is not read.
    boolean needPrevious = !replaceExisting || !expiry.isEternal() || events.hasListeners();
    Map<K, StoredEntry> previous = needPrevious ? read(storeKeys, now) : absent(storeKeys);
    Map<String, StoreItem> items = new LinkedHashMap<>(capacity(entries.size()));
    List<String> expiredOnArrival = new ArrayList<>();
    List<Runnable> notices = new ArrayList<>(entries.size());
    entries.forEach((key, value) -> {
      StoredEntry current = previous.get(key);
      Decision<Outcome<Boolean>> decision =
          decisions.storeUnlessLive(key, value, prepared.get(key).item(), current, replaceExisting, now);
      String memcachedKey = current.key().memcachedKey();
      switch (decision.action()) {
        case WRITE -> items.put(memcachedKey, new StoreItem(decision.value(), decision.exptime()));
        case REMOVE -> expiredOnArrival.add(memcachedKey);
        case KEEP -> {}
      }
      notices.add(decision.result().afterwards());
    });
    if (!items.isEmpty()) {
      store.putAll(items);
    }
    if (!expiredOnArrival.isEmpty()) {
      store.deleteAll(expiredOnArrival);
    }
    notices.forEach(EntryDecisions::run);
    return items.size();
  }

  /** Removes the entries of {@code keys} (already deleted through the writer); returns how many were live. */
  int removeAll(Set<K> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    Map<K, StoredEntry> present = new LinkedHashMap<>();
    read(keys, System.currentTimeMillis()).forEach((key, entry) -> {
      if (entry.envelope() != null) {
        present.put(key, entry);
      }
    });
    return remove(present);
  }

  /**
   * {@code removeAll()}: every entry of the cache, through the writer when there is one, with removal
   * events and statistics. Keys the writer refused stay; its failure is rethrown at the end.
   */
  void removeEverything(WriteThrough<K, V> writer) {
    CacheWriterException failure = null;
    Set<String> refused = new HashSet<>();
    for (int pass = 0; pass < CacheKeyListing.MAX_PASSES; pass++) {
      List<String> listed = listing.keys(refused);
      if (listed.isEmpty()) {
        break;
      }
      long start = System.nanoTime();
      for (int from = 0; from < listed.size(); from += ClusterStore.KEYS_PER_REQUEST) {
        List<String> chunk = listed.subList(from, Math.min(listed.size(), from + ClusterStore.KEYS_PER_REQUEST));
        long now = System.currentTimeMillis();
        Map<K, StoredEntry> present = new LinkedHashMap<>();
        store.getAll(chunk).forEach((memcachedKey, item) -> {
          StoredEntry entry = codec.readListed(memcachedKey, item, now);
          if (entry != null) {
            present.put(decisions.keyOf(entry.envelope()), entry);
          }
        });
        if (writer != null && !present.isEmpty()) {
          WriteThrough.BatchResult<K> deleted = writer.deleteAll(present.keySet());
          for (K key : deleted.notWritten()) {
            StoredEntry kept = present.remove(key);
            if (kept != null) {
              refused.add(kept.key().memcachedKey());
            }
          }
          if (failure == null) {
            failure = deleted.failure();
          }
        }
        if (!present.isEmpty()) {
          statistics.recordRemovals(remove(present));
        }
      }
      statistics.recordRemoveTime(System.nanoTime() - start);
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Deletes entries that were found present, in one batch call, then tells listeners (removed for a live
   * entry, expired for an expired one); returns how many were live.
   */
  private int remove(Map<K, StoredEntry> present) {
    if (present.isEmpty()) {
      return 0;
    }
    List<String> doomed = new ArrayList<>();
    List<Runnable> notices = new ArrayList<>();
    int live = 0;
    for (Map.Entry<K, StoredEntry> found : present.entrySet()) {
      StoredEntry entry = found.getValue();
      Outcome<Boolean> outcome = decisions.removal(found.getKey(), entry.live(), entry.expired()).result();
      doomed.add(entry.key().memcachedKey());
      notices.add(outcome.afterwards());
      if (outcome.result()) {
        live++;
      }
    }
    store.deleteAll(doomed);
    notices.forEach(EntryDecisions::run);
    return live;
  }

  /**
   * A walk over a listing of the cache's keys taken now, reading the entries a chunk at a time.
   *
   * @param ensureOpen checks, at every step, that the cache is still open
   * @param remove the cache's own {@code remove(key)} (writer, events, statistics), for {@link Iterator#remove}
   */
  Iterator<Cache.Entry<K, V>> iterator(Runnable ensureOpen, Consumer<K> remove) {
    return new EntryWalk(listing.keys(Set.of()), ensureOpen, remove);
  }

  /** What {@code keys} hold, read in one batch call; a key that is missing maps to an entry with neither envelope. */
  private Map<K, StoredEntry> read(Set<? extends K> keys, long now) {
    Map<K, StoreKey> storeKeys = new LinkedHashMap<>(capacity(keys.size()));
    for (K key : keys) {
      storeKeys.put(key, codec.key(key));
    }
    return read(storeKeys, now);
  }

  /** What the keys, already encoded, hold, read in one batch call. */
  private Map<K, StoredEntry> read(Map<K, StoreKey> storeKeys, long now) {
    List<String> memcachedKeys = new ArrayList<>(storeKeys.size());
    storeKeys.values().forEach(storeKey -> memcachedKeys.add(storeKey.memcachedKey()));
    Map<String, byte[]> items = store.getAll(memcachedKeys);
    Map<K, StoredEntry> read = new LinkedHashMap<>(capacity(storeKeys.size()));
    storeKeys.forEach((key, storeKey) -> read.put(key, codec.read(storeKey, items.get(storeKey.memcachedKey()), now)));
    return read;
  }

  /** The keys, already encoded, as if they held nothing, when what they hold would decide nothing. */
  private Map<K, StoredEntry> absent(Map<K, StoreKey> storeKeys) {
    Map<K, StoredEntry> absent = new HashMap<>(capacity(storeKeys.size()));
    storeKeys.forEach((key, storeKey) -> absent.put(key, new StoredEntry(storeKey, null, null, null)));
    return absent;
  }

  /** Iterates a listing; entries removed or expired since the listing are skipped. */
  private final class EntryWalk implements Iterator<Cache.Entry<K, V>> {
    private final List<String> listed;
    private final Runnable ensureOpen;
    private final Consumer<K> remove;
    private int nextChunk;
    private final List<Listed<K, V>> ready = new ArrayList<>();
    private int readyIndex;
    private MemcachedEntry<K, V> last;

    EntryWalk(List<String> listed, Runnable ensureOpen, Consumer<K> remove) {
      this.listed = listed;
      this.ensureOpen = ensureOpen;
      this.remove = remove;
    }

    @Override
    public boolean hasNext() {
      ensureOpen.run();
      while (readyIndex >= ready.size() && nextChunk < listed.size()) {
        readChunk();
      }
      return readyIndex < ready.size();
    }

    @Override
    public Cache.Entry<K, V> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Listed<K, V> listed = ready.get(readyIndex++);
      // The policy hears about each access as the application reaches the entry, not per chunk.
      single.touch(listed.stored(), System.currentTimeMillis());
      statistics.recordHits(1);
      last = listed.entry();
      return last;
    }

    @Override
    public void remove() {
      if (last == null) {
        throw new IllegalStateException("next() has not returned an entry to remove");
      }
      K key = last.getKey();
      last = null;
      remove.accept(key);
    }

    private void readChunk() {
      long start = System.nanoTime();
      long now = System.currentTimeMillis();
      List<String> chunk =
          listed.subList(nextChunk, Math.min(listed.size(), nextChunk + ClusterStore.KEYS_PER_REQUEST));
      nextChunk += chunk.size();
      ready.clear();
      readyIndex = 0;
      Map<String, byte[]> items = store.getAll(chunk);
      for (String memcachedKey : chunk) {
        StoredEntry entry = codec.readListed(memcachedKey, items.get(memcachedKey), now);
        if (entry == null || !entry.isLive()) {
          continue;
        }
        MemcachedEntry<K, V> read =
            new MemcachedEntry<>(decisions.keyOf(entry.live()), decisions.value(entry.live()));
        ready.add(new Listed<>(read, entry));
      }
      if (!ready.isEmpty()) {
        statistics.recordGetTime(System.nanoTime() - start);
      }
    }
  }

  /** An entry read for the iterator, with what its access-expiry update needs. */
  private record Listed<K, V>(MemcachedEntry<K, V> entry, StoredEntry stored) {}

  /** A hash map capacity for {@code entries} entries at which it is never resized: twice as many. */
  static int capacity(int entries) {
    return Math.max(16, entries * 2);
  }
}
