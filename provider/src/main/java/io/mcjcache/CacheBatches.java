package io.mcjcache;

import io.mcjcache.EntryCodec.StoreKey;
import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.cluster.StoreItem;
import io.mcjcache.codec.ValueEnvelope;
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
import javax.cache.Cache;
import javax.cache.event.EventType;
import javax.cache.integration.CacheWriterException;

/**
 * A cache's operations on many keys: each reads and writes in one batch call per kind (which the store
 * turns into one round trip per node), so their cost does not grow with round trips per key. They are
 * not atomic across keys, and between the batch read and the batch write another client may change a
 * key; the single-key methods are the atomic ones.
 *
 * <p>Whole-cache operations ({@code clear}, {@code removeAll()}, iteration) find the cache's keys by
 * listing the servers' keys under the cache's prefix. A listing may miss keys written while it runs, so
 * {@code clear} and {@code removeAll()} repeat it until a pass finds none of the cache's keys left.
 */
final class CacheBatches<K, V> {
  /** Keys per batch call when walking a whole cache: bounds memory and the size of one request. */
  static final int CHUNK = 256;
  /** Listing passes before a whole-cache removal gives up on keys that keep appearing. */
  static final int MAX_PASSES = 8;

  private final MemcachedCache<K, V> cache;
  private final EntrySteps<K, V> steps;
  private final ClusterStore store;
  private final EntryCodec codec;
  private final ExpiryTimes expiry;
  private final EventDispatcher<K, V> events;
  private final CacheStatistics statistics;

  CacheBatches(MemcachedCache<K, V> cache, EntrySteps<K, V> steps, ClusterStore store, EntryCodec codec,
      ExpiryTimes expiry,
      EventDispatcher<K, V> events, CacheStatistics statistics) {
    this.cache = cache;
    this.steps = steps;
    this.store = store;
    this.codec = codec;
    this.expiry = expiry;
    this.events = events;
    this.statistics = statistics;
  }

  /** The live entries among {@code keys}, counting hits and misses; expired ones are reported. */
  Map<K, V> getAll(Set<? extends K> keys) {
    long start = System.nanoTime();
    long now = System.currentTimeMillis();
    Map<K, StoreKey> storeKeys = storeKeys(keys);
    Map<String, byte[]> items = store.getAll(memcachedKeys(storeKeys.values()));
    Map<K, V> found = new HashMap<>();
    storeKeys.forEach((key, storeKey) -> {
      byte[] item = items.get(storeKey.memcachedKey());
      ValueEnvelope envelope = codec.open(storeKey, item);
      if (envelope != null && !envelope.isExpiredAt(now)) {
        found.put(key, steps.value(envelope));
        steps.touch(storeKey, item, envelope, now);
      } else if (envelope != null) {
        steps.expired(storeKey, key, item, envelope);
      }
    });
    statistics.recordHits(found.size());
    statistics.recordMisses(keys.size() - found.size());
    statistics.recordGetTime(System.nanoTime() - start);
    return found;
  }

  /** The keys among {@code keys} that have no live entry. */
  Set<K> absentOf(Set<K> keys) {
    long now = System.currentTimeMillis();
    Map<K, StoreKey> storeKeys = storeKeys(keys);
    Map<String, byte[]> items = store.getAll(memcachedKeys(storeKeys.values()));
    Set<K> absent = new LinkedHashSet<>();
    storeKeys.forEach((key, storeKey) -> {
      ValueEnvelope envelope = codec.open(storeKey, items.get(storeKey.memcachedKey()));
      if (envelope == null || envelope.isExpiredAt(now)) {
        absent.add(key);
      }
    });
    return absent;
  }

  /** Stores application entries (already written through); returns how many are now in the cache. */
  int putAll(Map<K, V> entries, Map<K, byte[]> serialized) {
    return write(entries, serialized, true);
  }

  /** Stores what a loader produced: neither a write-through nor a put in the statistics. */
  void storeLoaded(Map<K, V> loaded, boolean replaceExisting) {
    write(loaded, Map.of(), replaceExisting);
  }

  private int write(Map<K, V> entries, Map<K, byte[]> serialized, boolean replaceExisting) {
    if (entries.isEmpty()) {
      return 0;
    }
    long now = System.currentTimeMillis();
    Map<K, StoreKey> storeKeys = storeKeys(entries.keySet());
    boolean needPrevious = !replaceExisting || !expiry.isEternal() || events.hasListeners();
    Map<String, byte[]> previous = needPrevious ? store.getAll(memcachedKeys(storeKeys.values())) : Map.of();
    Map<String, StoreItem> items = new LinkedHashMap<>();
    List<String> expiredOnArrival = new ArrayList<>();
    List<Runnable> notices = new ArrayList<>();
    entries.forEach((key, value) -> {
      StoreKey storeKey = storeKeys.get(key);
      ValueEnvelope envelope = codec.open(storeKey, previous.get(storeKey.memcachedKey()));
      boolean expired = envelope != null && envelope.isExpiredAt(now);
      ValueEnvelope live = expired ? null : envelope;
      if (live != null && !replaceExisting) {
        return;
      }
      if (expired && events.hasListenersFor(EventType.EXPIRED)) {
        notices.add(() -> events.publishExpired(cache, key, oldValue(EventType.EXPIRED, envelope)));
      }
      long expiresAt = live == null
          ? expiry.forCreation(now)
          : ExpiryTimes.orCurrent(expiry.forUpdate(now), live.expiresAtMillis());
      if (expiresAt <= now) {
        if (envelope != null) {
          expiredOnArrival.add(storeKey.memcachedKey());
        }
        return;
      }
      byte[] valueBytes = serialized.containsKey(key) ? serialized.get(key) : codec.serialize(value);
      items.put(storeKey.memcachedKey(), codec.item(storeKey, valueBytes, expiresAt, now));
      if (live == null) {
        notices.add(() -> events.publishCreated(cache, key, value));
      } else {
        notices.add(() -> events.publishUpdated(cache, key, oldValue(EventType.UPDATED, live), value));
      }
    });
    if (!items.isEmpty()) {
      store.putAll(items);
    }
    if (!expiredOnArrival.isEmpty()) {
      store.deleteAll(expiredOnArrival);
    }
    notices.forEach(Runnable::run);
    return items.size();
  }

  /** Removes the entries of {@code keys} (already deleted through the writer); returns how many were live. */
  int removeAll(Set<K> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    Map<K, StoreKey> storeKeys = storeKeys(keys);
    Map<String, byte[]> items = store.getAll(memcachedKeys(storeKeys.values()));
    Map<K, ValueEnvelope> present = new LinkedHashMap<>();
    storeKeys.forEach((key, storeKey) -> {
      ValueEnvelope envelope = codec.open(storeKey, items.get(storeKey.memcachedKey()));
      if (envelope != null) {
        present.put(key, envelope);
      }
    });
    if (present.isEmpty()) {
      return 0;
    }
    List<String> doomed = new ArrayList<>();
    present.keySet().forEach(key -> doomed.add(storeKeys.get(key).memcachedKey()));
    store.deleteAll(doomed);
    return publishRemovals(present);
  }

  /**
   * {@code removeAll()}: every entry of the cache, through the writer when there is one, with removal
   * events and statistics. Keys the writer refused stay; its failure is rethrown at the end.
   */
  void removeEverything(WriteThrough<K, V> writer) {
    CacheWriterException failure = null;
    Set<String> refused = new HashSet<>();
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      List<String> listed = listKeys(refused);
      if (listed.isEmpty()) {
        break;
      }
      long start = System.nanoTime();
      for (int from = 0; from < listed.size(); from += CHUNK) {
        List<String> chunk = listed.subList(from, Math.min(listed.size(), from + CHUNK));
        Map<K, ValueEnvelope> present = new LinkedHashMap<>();
        Map<K, String> memcachedKeys = new HashMap<>();
        store.getAll(chunk).forEach((memcachedKey, item) -> {
          ValueEnvelope envelope = codec.open(item);
          if (envelope != null && codec.keyOf(envelope).memcachedKey().equals(memcachedKey)) {
            K key = steps.keyOf(envelope);
            present.put(key, envelope);
            memcachedKeys.put(key, memcachedKey);
          }
        });
        if (writer != null && !present.isEmpty()) {
          WriteThrough.BatchResult<K> deleted = writer.deleteAll(present.keySet());
          for (K key : deleted.notWritten()) {
            present.remove(key);
            refused.add(memcachedKeys.get(key));
          }
          if (failure == null) {
            failure = deleted.failure();
          }
        }
        if (!present.isEmpty()) {
          List<String> doomed = new ArrayList<>();
          present.keySet().forEach(key -> doomed.add(memcachedKeys.get(key)));
          store.deleteAll(doomed);
          int removed = publishRemovals(present);
          statistics.recordRemovals(removed);
        }
      }
      statistics.recordRemoveTime(System.nanoTime() - start);
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** {@code clear()} and destroy: every item under the cache's prefix, no writer, no events. */
  void clear() {
    clear(store, codec);
  }

  /**
   * Deletes every item of the cache {@code codec} encodes keys for, whether or not the cache is open in
   * this JVM, repeating the listing until a pass finds none (a listing can miss keys written meanwhile).
   */
  static void clear(ClusterStore store, EntryCodec codec) {
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      List<String> listed = listKeys(store, codec, Set.of());
      if (listed.isEmpty()) {
        return;
      }
      for (int from = 0; from < listed.size(); from += CHUNK) {
        store.deleteAll(listed.subList(from, Math.min(listed.size(), from + CHUNK)));
      }
    }
  }

  /** A walk over a listing of the cache's keys taken now, reading the entries a chunk at a time. */
  Iterator<Cache.Entry<K, V>> iterator() {
    return new EntryWalk(listKeys(Set.of()));
  }

  private int publishRemovals(Map<K, ValueEnvelope> present) {
    long now = System.currentTimeMillis();
    int live = 0;
    for (Map.Entry<K, ValueEnvelope> entry : present.entrySet()) {
      K key = entry.getKey();
      ValueEnvelope envelope = entry.getValue();
      if (envelope.isExpiredAt(now)) {
        if (events.hasListenersFor(EventType.EXPIRED)) {
          events.publishExpired(cache, key, oldValue(EventType.EXPIRED, envelope));
        }
      } else {
        live++;
        if (events.hasListenersFor(EventType.REMOVED)) {
          events.publishRemoved(cache, key, oldValue(EventType.REMOVED, envelope));
        }
      }
    }
    return live;
  }

  private List<String> listKeys(Set<String> skip) {
    return listKeys(store, codec, skip);
  }

  private static List<String> listKeys(ClusterStore store, EntryCodec codec, Set<String> skip) {
    Set<String> keys = new LinkedHashSet<>();
    store.forEachKey(codec.prefix(), key -> {
      if (codec.owns(key) && !skip.contains(key)) {
        keys.add(key);
      }
    });
    return new ArrayList<>(keys);
  }

  private V oldValue(EventType type, ValueEnvelope envelope) {
    return events.needsOldValue(type) ? steps.value(envelope) : null;
  }

  private Map<K, StoreKey> storeKeys(Set<? extends K> keys) {
    Map<K, StoreKey> storeKeys = new LinkedHashMap<>();
    for (K key : keys) {
      storeKeys.put(key, codec.key(key));
    }
    return storeKeys;
  }

  private static List<String> memcachedKeys(Iterable<StoreKey> storeKeys) {
    List<String> keys = new ArrayList<>();
    storeKeys.forEach(storeKey -> keys.add(storeKey.memcachedKey()));
    return keys;
  }

  /** Iterates a listing; entries removed or expired since the listing are skipped. */
  private final class EntryWalk implements Iterator<Cache.Entry<K, V>> {
    private final List<String> listed;
    private int nextChunk;
    private final List<Listed<K, V>> ready = new ArrayList<>();
    private int readyIndex;
    private MemcachedEntry<K, V> last;

    EntryWalk(List<String> listed) {
      this.listed = listed;
    }

    @Override
    public boolean hasNext() {
      cache.ensureOpen();
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
      steps.touch(listed.storeKey(), listed.item(), listed.envelope(), System.currentTimeMillis());
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
      cache.remove(key);
    }

    private void readChunk() {
      long start = System.nanoTime();
      long now = System.currentTimeMillis();
      List<String> chunk = listed.subList(nextChunk, Math.min(listed.size(), nextChunk + CHUNK));
      nextChunk += chunk.size();
      ready.clear();
      readyIndex = 0;
      Map<String, byte[]> items = store.getAll(chunk);
      for (String memcachedKey : chunk) {
        byte[] item = items.get(memcachedKey);
        ValueEnvelope envelope = item == null ? null : codec.open(item);
        if (envelope == null || envelope.isExpiredAt(now)) {
          continue;
        }
        StoreKey storeKey = codec.keyOf(envelope);
        if (!storeKey.memcachedKey().equals(memcachedKey)) {
          continue;
        }
        ready.add(new Listed<>(new MemcachedEntry<>(steps.keyOf(envelope), steps.value(envelope)),
            storeKey, item, envelope));
      }
      if (!ready.isEmpty()) {
        statistics.recordGetTime(System.nanoTime() - start);
      }
    }
  }

  /** An entry read for the iterator, with what its access-expiry update needs. */
  private record Listed<K, V>(MemcachedEntry<K, V> entry, StoreKey storeKey, byte[] item, ValueEnvelope envelope) {}
}
