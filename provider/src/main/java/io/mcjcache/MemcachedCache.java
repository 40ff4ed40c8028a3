package io.mcjcache;

import io.mcjcache.BatchOperations.PreparedEntry;
import io.mcjcache.EntryCodec.StoreKey;
import io.mcjcache.EntryCodec.StoredEntry;
import io.mcjcache.EntryDecisions.Hit;
import io.mcjcache.EntryDecisions.Outcome;
import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.cluster.Decision;
import io.mcjcache.cluster.StoreItem;
import io.mcjcache.codec.PreparedItem;
import io.mcjcache.codec.ValueEnvelope;
import io.mcjcache.config.NearCacheSettings;
import io.mcjcache.event.EventDispatcher;
import io.mcjcache.expiry.ExpiryTimes;
import io.mcjcache.integration.ReadThrough;
import io.mcjcache.integration.WriteThrough;
import io.mcjcache.management.CacheStatistics;
import io.mcjcache.near.NearCacheCounts;
import io.mcjcache.near.NearCachedStore;
import io.mcjcache.near.NearFigures;
import io.mcjcache.processor.ProcessorResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache cache whose entries live on the memcached cluster: every method of {@link Cache} with the
 * spec's semantics, on top of {@link ClusterStore}.
 *
 * <p>How the pieces fit: a key becomes a memcached key through its serialized bytes ({@link EntryCodec});
 * a value is stored in an envelope with its exact expiry time, so an entry whose time has passed reads
 * as absent even while memcached still holds it. Every single-key change is one atomic step on the
 * key's owner node ({@link ClusterStore#update}): the step looks at the current entry, decides the
 * write, and carries what to tell listeners and statistics once it has been applied. The loader and
 * writer are called outside that step (they must run once), before the cache changes, so a failing
 * writer leaves the cache as it was. Batch methods read and write in one round trip per node and are
 * not atomic across keys.
 *
 * <p>With a near cache ({@code nearCache.maxEntries > 0}) the store this class talks to is a
 * {@link NearCachedStore}: hot items are answered in the JVM and go through the same decoding, expiry
 * check, deserialization (a fresh copy), listeners and statistics as items from the network, and every
 * write passing through keeps it exact for this JVM. Whole-cache removals forget it entirely.
 */
public final class MemcachedCache<K, V> implements Cache<K, V> {
  private final CacheSetup<K, V> setup;
  /** The servers, through the near cache when this cache has one. */
  private final ClusterStore store;
  /** Null when the near cache is off. */
  private final NearCachedStore near;
  private final NearCacheSettings nearCacheSettings;
  private final EntryCodec codec;
  private final ExpiryTimes expiry;
  private final ReadThrough<K, V> loader;
  private final WriteThrough<K, V> writer;
  private final EventDispatcher<K, V> events;
  private final CacheStatistics statistics;
  private final Executor background;
  private final CacheParts<K, V> parts;
  private final EntryDecisions<K, V> decisions;
  private final SingleKeyOperations<K, V> single;
  private final BatchOperations<K, V> batches;
  private final CacheKeyListing listing;
  private volatile boolean closed;

  MemcachedCache(CacheSetup<K, V> setup, ClusterStore servers, NearCacheSettings nearCache, NearFigures nearFigures,
      EntryCodec codec, Executor background) {
    this.setup = setup;
    this.nearCacheSettings = nearCache;
    this.near = nearCache.enabled() ? new NearCachedStore(servers, nearCache, nearFigures, background) : null;
    this.store = near != null ? near : servers;
    this.codec = codec;
    this.background = background;
    this.expiry = setup.newExpiryTimes();
    this.loader = setup.newReadThrough();
    this.writer = setup.newWriteThrough();
    this.events = new EventDispatcher<>();
    this.statistics = new CacheStatistics();
    setup.listenerConfigurations().forEach(events::register);
    // The helpers get the parts, never this class: the JCache layer flows one way (docs/architecture.md,
    // "Packages of the provider").
    this.parts = new CacheParts<>(setup.name(), this, store, codec, expiry, events, statistics, loader,
        setup.isReadThrough(), writer);
    this.decisions = new EntryDecisions<>(parts);
    this.single = new SingleKeyOperations<>(parts, decisions);
    this.listing = new CacheKeyListing(store, codec);
    this.batches = new BatchOperations<>(parts, decisions, single, listing);
  }

  // ---- reads ----

  @Override
  public V get(K key) {
    ensureOpen();
    requireKey(key);
    // The nanosecond clock only for enabled statistics: a near hit makes no round trip to hide it behind.
    boolean timed = statistics.isEnabled();
    long start = timed ? System.nanoTime() : 0L;
    long now = System.currentTimeMillis();
    StoreKey storeKey = codec.key(key);
    StoredEntry entry = single.read(storeKey, now);
    try {
      if (entry.isLive()) {
        V value = decisions.value(entry.live());
        single.touch(entry, now);
        statistics.recordHits(1);
        return value;
      }
      if (entry.expired() != null) {
        single.expired(key, entry);
      }
      statistics.recordMisses(1);
      if (!isReadThrough()) {
        return null;
      }
      V loaded = loader.load(key);
      if (loaded != null) {
        single.storeLoaded(storeKey, key, loaded, false, now);
      }
      return loaded;
    } finally {
      if (timed) {
        statistics.recordGetTime(System.nanoTime() - start);
      }
      awaitListeners();
    }
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    ensureOpen();
    requireKeys(keys);
    Map<K, V> found = batches.getAll(keys);
    if (isReadThrough() && found.size() < keys.size()) {
      List<K> missing = new ArrayList<>();
      for (K key : keys) {
        if (!found.containsKey(key)) {
          missing.add(key);
        }
      }
      Map<K, V> loaded = loader.loadAll(missing);
      batches.storeLoaded(loaded, false);
      found.putAll(loaded);
    }
    awaitListeners();
    return found;
  }

  @Override
  public boolean containsKey(K key) {
    ensureOpen();
    requireKey(key);
    return isLive(codec.key(key));
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
    ensureOpen();
    Objects.requireNonNull(keys, "keys");
    requireKeys(keys);
    CompletionListener done = listener == null ? NoCompletionListener.INSTANCE : listener;
    if (loader == null) {
      done.onCompletion();
      return;
    }
    Set<K> requested = Set.copyOf(keys);
    background.execute(() -> {
      try {
        Set<K> toLoad = replaceExistingValues ? requested : batches.absentOf(requested);
        Map<K, V> loaded = toLoad.isEmpty() ? Map.of() : loader.loadAll(toLoad);
        batches.storeLoaded(loaded, replaceExistingValues);
        awaitListeners();
        done.onCompletion();
      } catch (Exception e) {
        events.ignoreSynchronous();
        done.onException(e);
      }
    });
  }

  // ---- single-key writes ----

  @Override
  public void put(K key, V value) {
    ensureOpen();
    requireEntry(key, value);
    long start = System.nanoTime();
    StoreKey storeKey = codec.key(key);
    PreparedItem prepared = codec.prepare(storeKey, value);
    if (writer != null) {
      writer.write(key, value);
    }
    long now = System.currentTimeMillis();
    try {
      if (expiry.isEternal() && !events.hasListeners()) {
        StoreItem item = codec.item(prepared, ExpiryTimes.ETERNAL, now);
        store.put(storeKey.memcachedKey(), item.value(), item.exptime());
        statistics.recordPuts(1);
      } else {
        boolean stored =
            single.mutate(storeKey, (live, old) -> decisions.store(storeKey, key, value, prepared, live, old, now));
        if (stored) {
          statistics.recordPuts(1);
        }
      }
      statistics.recordPutTime(System.nanoTime() - start);
    } finally {
      awaitListeners();
    }
  }

  @Override
  public V getAndPut(K key, V value) {
    ensureOpen();
    requireEntry(key, value);
    long start = System.nanoTime();
    StoreKey storeKey = codec.key(key);
    PreparedItem prepared = codec.prepare(storeKey, value);
    if (writer != null) {
      writer.write(key, value);
    }
    long now = System.currentTimeMillis();
    try {
      ValueEnvelope previous = single.mutate(storeKey, (live, old) -> {
        Decision<Outcome<Boolean>> decision = decisions.store(storeKey, key, value, prepared, live, old, now);
        return EntryDecisions.withResult(decision, live);
      });
      V oldValue = previous == null ? null : decisions.value(previous);
      statistics.recordPuts(1);
      if (previous == null) {
        statistics.recordMisses(1);
      } else {
        statistics.recordHits(1);
      }
      long elapsed = System.nanoTime() - start;
      statistics.recordGetTime(elapsed);
      statistics.recordPutTime(elapsed);
      return oldValue;
    } finally {
      awaitListeners();
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    ensureOpen();
    requireEntry(key, value);
    long start = System.nanoTime();
    StoreKey storeKey = codec.key(key);
    PreparedItem prepared = codec.prepare(storeKey, value);
    if (writer != null) {
      if (isLive(storeKey)) {
        statistics.recordHits(1);
        return false;
      }
      writer.write(key, value);
    }
    long now = System.currentTimeMillis();
    try {
      boolean stored = single.mutate(storeKey, (live, old) -> live != null
          ? Decision.keep(new Outcome<>(false, null))
          : decisions.store(storeKey, key, value, prepared, null, old, now));
      if (stored) {
        statistics.recordPuts(1);
        statistics.recordMisses(1);
        statistics.recordPutTime(System.nanoTime() - start);
      } else {
        statistics.recordHits(1);
      }
      return stored;
    } finally {
      awaitListeners();
    }
  }

  @Override
  public boolean remove(K key) {
    ensureOpen();
    requireKey(key);
    long start = System.nanoTime();
    if (writer != null) {
      writer.delete(key);
    }
    StoreKey storeKey = codec.key(key);
    try {
      boolean removed = single.mutate(storeKey, (live, old) -> decisions.removal(key, live, old));
      if (removed) {
        statistics.recordRemovals(1);
        statistics.recordRemoveTime(System.nanoTime() - start);
      }
      return removed;
    } finally {
      awaitListeners();
    }
  }

  @Override
  public boolean remove(K key, V oldValue) {
    ensureOpen();
    requireEntry(key, oldValue);
    long start = System.nanoTime();
    long now = System.currentTimeMillis();
    StoreKey storeKey = codec.key(key);
    if (writer != null) {
      ValueEnvelope current = single.read(storeKey, now).live();
      if (current != null && oldValue.equals(decisions.value(current))) {
        writer.delete(key);
      }
    }
    try {
      Hit<Boolean> outcome = single.mutate(storeKey, (live, old) -> {
        if (live == null) {
          return EntryDecisions.hit(decisions.removal(key, null, old), false);
        }
        if (oldValue.equals(decisions.value(live))) {
          return EntryDecisions.hit(decisions.removal(key, live, old), true);
        }
        return EntryDecisions.hit(decisions.accessed(live, now, false), true);
      });
      countHit(outcome.hit());
      statistics.recordGetTime(System.nanoTime() - start);
      if (outcome.result()) {
        statistics.recordRemovals(1);
        statistics.recordRemoveTime(System.nanoTime() - start);
      }
      return outcome.result();
    } finally {
      awaitListeners();
    }
  }

  @Override
  public V getAndRemove(K key) {
    ensureOpen();
    requireKey(key);
    long start = System.nanoTime();
    if (writer != null) {
      writer.delete(key);
    }
    StoreKey storeKey = codec.key(key);
    try {
      ValueEnvelope removed = single.mutate(storeKey,
          (live, old) -> EntryDecisions.withResult(decisions.removal(key, live, old), live));
      V oldValue = removed == null ? null : decisions.value(removed);
      countHit(removed != null);
      statistics.recordGetTime(System.nanoTime() - start);
      if (removed != null) {
        statistics.recordRemovals(1);
        statistics.recordRemoveTime(System.nanoTime() - start);
      }
      return oldValue;
    } finally {
      awaitListeners();
    }
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    ensureOpen();
    requireEntry(key, oldValue);
    requireEntry(key, newValue);
    long start = System.nanoTime();
    long now = System.currentTimeMillis();
    StoreKey storeKey = codec.key(key);
    PreparedItem prepared = codec.prepare(storeKey, newValue);
    if (writer != null) {
      ValueEnvelope current = single.read(storeKey, now).live();
      if (current != null && oldValue.equals(decisions.value(current))) {
        writer.write(key, newValue);
      }
    }
    try {
      Hit<Boolean> outcome = single.mutate(storeKey, (live, old) -> {
        if (live == null) {
          return EntryDecisions.hit(Decision.keep(new Outcome<>(false, null)), false);
        }
        if (oldValue.equals(decisions.value(live))) {
          return EntryDecisions.hit(decisions.store(storeKey, key, newValue, prepared, live, old, now), true);
        }
        return EntryDecisions.hit(decisions.accessed(live, now, false), true);
      });
      countHit(outcome.hit());
      statistics.recordGetTime(System.nanoTime() - start);
      if (outcome.result()) {
        statistics.recordPuts(1);
        statistics.recordPutTime(System.nanoTime() - start);
      }
      return outcome.result();
    } finally {
      awaitListeners();
    }
  }

  @Override
  public boolean replace(K key, V value) {
    return getAndReplace(key, value, false) != null;
  }

  @Override
  public V getAndReplace(K key, V value) {
    ensureOpen();
    return getAndReplace(key, value, true);
  }

  private V getAndReplace(K key, V value, boolean returnOld) {
    ensureOpen();
    requireEntry(key, value);
    long start = System.nanoTime();
    long now = System.currentTimeMillis();
    StoreKey storeKey = codec.key(key);
    PreparedItem prepared = codec.prepare(storeKey, value);
    if (writer != null && single.read(storeKey, now).isLive()) {
      writer.write(key, value);
    }
    try {
      ValueEnvelope replaced = single.mutate(storeKey, (live, old) -> live == null
          ? Decision.keep(new Outcome<>(null, null))
          : EntryDecisions.withResult(decisions.store(storeKey, key, value, prepared, live, old, now), live));
      countHit(replaced != null);
      statistics.recordGetTime(System.nanoTime() - start);
      if (replaced == null) {
        return null;
      }
      statistics.recordPuts(1);
      statistics.recordPutTime(System.nanoTime() - start);
      // replace(K, V) only needs to know whether there was a value, not a copy of it.
      return returnOld ? decisions.value(replaced) : value;
    } finally {
      awaitListeners();
    }
  }

  // ---- batch writes ----

  @Override
  public void putAll(Map<? extends K, ? extends V> entries) {
    ensureOpen();
    Objects.requireNonNull(entries, "entries");
    entries.forEach(this::requireEntry);
    long start = System.nanoTime();
    Map<K, V> toStore = new HashMap<>(entries);
    // Prepared (and size-checked) before the writer sees anything; the batch write sends these items.
    Map<K, PreparedEntry> prepared = new HashMap<>(BatchOperations.capacity(toStore.size()));
    toStore.forEach((key, value) -> prepared.put(key, batches.prepare(key, value)));
    WriteThrough.BatchResult<K> written = null;
    if (writer != null && !toStore.isEmpty()) {
      List<Cache.Entry<K, V>> batch = new ArrayList<>();
      toStore.forEach((key, value) -> batch.add(new MemcachedEntry<>(key, value)));
      written = writer.writeAll(batch);
      toStore.keySet().removeAll(written.notWritten());
    }
    try {
      int stored = batches.putAll(toStore, prepared);
      statistics.recordPuts(stored);
      if (stored > 0) {
        statistics.recordPutTime(System.nanoTime() - start);
      }
    } finally {
      awaitListeners();
    }
    if (written != null) {
      written.rethrow();
    }
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    ensureOpen();
    requireKeys(keys);
    long start = System.nanoTime();
    Set<K> toRemove = new LinkedHashSet<>(keys);
    WriteThrough.BatchResult<K> deleted = null;
    if (writer != null && !toRemove.isEmpty()) {
      deleted = writer.deleteAll(toRemove);
      toRemove.removeAll(deleted.notWritten());
    }
    try {
      int removed = batches.removeAll(toRemove);
      statistics.recordRemovals(removed);
      if (removed > 0) {
        statistics.recordRemoveTime(System.nanoTime() - start);
      }
    } finally {
      awaitListeners();
    }
    if (deleted != null) {
      deleted.rethrow();
    }
  }

  @Override
  public void removeAll() {
    ensureOpen();
    try {
      batches.removeEverything(writer);
    } finally {
      forgetNearCopies();
      awaitListeners();
    }
  }

  @Override
  public void clear() {
    ensureOpen();
    try {
      listing.deleteAll();
    } finally {
      forgetNearCopies();
    }
  }

  /**
   * After a whole-cache removal: the listing names only the keys the servers still had, while this JVM
   * may hold keys another JVM removed since; none of them may be served after the call returns.
   */
  private void forgetNearCopies() {
    if (near != null) {
      near.invalidateAll();
    }
  }

  // ---- entry processors ----

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    ensureOpen();
    requireKey(key);
    Objects.requireNonNull(processor, "entry processor");
    try {
      return new Invocation<>(parts, decisions, codec.key(key), key, processor, arguments).run();
    } finally {
      awaitListeners();
    }
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(
      Set<? extends K> keys, EntryProcessor<K, V, T> processor, Object... arguments) {
    ensureOpen();
    requireKeys(keys);
    Objects.requireNonNull(processor, "entry processor");
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T result = invoke(key, processor, arguments);
        if (result != null) {
          results.put(key, ProcessorResult.of(result));
        }
      } catch (Exception e) {
        results.put(key, ProcessorResult.failed(e));
      }
    }
    return results;
  }

  // ---- iteration ----

  @Override
  public Iterator<Entry<K, V>> iterator() {
    ensureOpen();
    return batches.iterator(this::ensureOpen, this::remove);
  }

  // ---- identity, configuration, lifecycle ----

  @Override
  public String getName() {
    return setup.name();
  }

  @Override
  public CacheManager getCacheManager() {
    return setup.manager();
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> type) {
    return setup.configuration(type);
  }

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
    ensureOpen();
    Objects.requireNonNull(configuration, "cache entry listener configuration");
    events.register(configuration);
    setup.addListener(configuration);
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
    ensureOpen();
    Objects.requireNonNull(configuration, "cache entry listener configuration");
    events.deregister(configuration);
    setup.removeListener(configuration);
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("a cache cannot be unwrapped to " + type.getName());
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes this cache in this JVM: its loader, writer, expiry policy and listeners are closed and its
   * MXBeans unregistered. The entries stay on the servers (other JVMs may be using them); only
   * {@link CacheManager#destroyCache} removes them.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    setup.manager().release(this);
    if (loader != null) {
      loader.close();
    }
    if (writer != null) {
      writer.close();
    }
    expiry.close();
    events.close();
    if (near != null) {
      near.close();
    }
  }

  /**
   * The near cache this cache uses, after merging the manager's properties and the configuration
   * (see {@link MemcachedConfiguration}); {@code maxEntries() == 0} when it is off.
   */
  public NearCacheSettings nearCacheSettings() {
    return nearCacheSettings;
  }

  /** What this cache's near cache has done in this JVM; all zero when it is off. */
  public NearCacheCounts nearCacheCounts() {
    return near == null ? NearCacheCounts.NONE : near.counts();
  }

  /** Statistics, whether they are enabled or not (the manager's JMX registration needs the bean). */
  CacheStatistics statistics() {
    return statistics;
  }

  CacheSetup<K, V> setup() {
    return setup;
  }

  /** Removes every entry of this cache from the servers, for {@link CacheManager#destroyCache}. */
  void destroyEntries() {
    try {
      listing.deleteAll();
    } finally {
      forgetNearCopies();
    }
  }

  private boolean isReadThrough() {
    return parts.isReadThrough();
  }

  private void countHit(boolean hit) {
    parts.countHit(hit);
  }

  /** Waits for the synchronous listeners of this thread's events, as the spec's synchronous delivery requires. */
  private void awaitListeners() {
    events.awaitSynchronous();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("cache " + getName() + " is closed");
    }
  }

  private boolean isLive(StoreKey storeKey) {
    return single.read(storeKey, System.currentTimeMillis()).isLive();
  }

  private void requireKey(Object key) {
    Objects.requireNonNull(key, "a cache key cannot be null");
  }

  private void requireKeys(Set<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    for (K key : keys) {
      Objects.requireNonNull(key, "a cache key cannot be null");
    }
  }

  private void requireEntry(Object key, Object value) {
    Objects.requireNonNull(key, "a cache key cannot be null");
    Objects.requireNonNull(value, "a cache value cannot be null");
    setup.checkTypes(key, value);
  }

  /** For loadAll callers who pass no listener. */
  private enum NoCompletionListener implements CompletionListener {
    INSTANCE;

    @Override
    public void onCompletion() {}

    @Override
    public void onException(Exception e) {}
  }

  @Override
  public String toString() {
    return "MemcachedCache[" + getName() + "]";
  }
}
