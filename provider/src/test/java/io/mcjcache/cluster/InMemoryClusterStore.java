package io.mcjcache.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A {@link ClusterStore} in one JVM's memory that keeps the contract the JCache layer relies on, so that
 * the cache's semantics can be tested without servers: memcached's {@code exptime} rules (0 never, up to
 * 30 days relative seconds, above that a unix time, negative already expired), compare-and-swap updates
 * that retry on a concurrent change, empty values refused, and one call per batch method.
 *
 * <p>Counts every call by method name, so tests can prove that batch operations use batch calls.
 */
public final class InMemoryClusterStore implements ClusterStore {
  private static final long RELATIVE_LIMIT_SECONDS = 60L * 60 * 24 * 30;

  /** One stored item; a new instance on every write, so identity is the CAS token. */
  private record Item(byte[] value, long expiresAtMillis) {
    boolean isLive(long now) {
      return expiresAtMillis == 0 || now < expiresAtMillis;
    }
  }

  private final ConcurrentMap<String, Item> items = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, AtomicLong> calls = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final KeyTurns turns = new KeyTurns(null);
  private final int itemSizeLimit;

  public InMemoryClusterStore() {
    this(1024 * 1024);
  }

  public InMemoryClusterStore(int itemSizeLimit) {
    this.itemSizeLimit = itemSizeLimit;
  }

  /** How often {@code method} ("get", "getAll", "update", ...) has been called. */
  public long calls(String method) {
    AtomicLong count = calls.get(method);
    return count == null ? 0 : count.get();
  }

  public void resetCalls() {
    calls.clear();
  }

  /** Keys currently live, for assertions on what a cache left on the "servers". */
  public List<String> liveKeys() {
    long now = System.currentTimeMillis();
    List<String> keys = new ArrayList<>();
    items.forEach((key, item) -> {
      if (item.isLive(now)) {
        keys.add(key);
      }
    });
    return keys;
  }

  /** The raw value of a key as memcached would return it, or null. */
  public byte[] raw(String key) {
    Item item = liveItem(key);
    return item == null ? null : item.value().clone();
  }

  public boolean isClosed() {
    return closed.get();
  }

  @Override
  public byte[] get(String key) {
    count("get");
    Item item = liveItem(checkKey(key));
    return item == null ? null : item.value().clone();
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    count("getAll");
    Map<String, byte[]> hits = new java.util.HashMap<>();
    for (String key : keys) {
      Item item = liveItem(checkKey(key));
      if (item != null) {
        hits.put(key, item.value().clone());
      }
    }
    return hits;
  }

  @Override
  public void put(String key, byte[] value, int exptime) {
    count("put");
    store(checkKey(key), value, exptime);
  }

  @Override
  public void putAll(Map<String, StoreItem> batch) {
    count("putAll");
    batch.forEach((key, item) -> store(checkKey(key), item.value(), item.exptime()));
  }

  @Override
  public boolean delete(String key) {
    count("delete");
    Item removed = items.remove(checkKey(key));
    return removed != null && removed.isLive(System.currentTimeMillis());
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    count("deleteAll");
    keys.forEach(key -> items.remove(checkKey(key)));
  }

  /** Callers of this store take turns per key like a routed store's; one process, so no lease. */
  @Override
  public KeyClaim claim(String key) {
    count("claim");
    return turns.claim(key);
  }

  @Override
  public <R> R update(String key, Mutation<R> mutation) {
    count("update");
    checkKey(key);
    try (KeyClaim claim = turns.claim(key)) {
      return updateClaimed(key, mutation);
    }
  }

  private <R> R updateClaimed(String key, Mutation<R> mutation) {
    while (true) {
      Item seen = liveItem(key);
      Decision<R> decision = mutation.decide(seen == null ? null : seen.value().clone());
      switch (decision.action()) {
        case KEEP:
          return decision.result();
        case WRITE: {
          Item next = newItem(decision.value(), decision.exptime());
          boolean swapped = seen == null ? addOrReplaceExpired(key, next) : items.replace(key, seen, next);
          if (swapped) {
            return decision.result();
          }
          break;
        }
        case REMOVE:
          if (seen == null || items.remove(key, seen)) {
            return decision.result();
          }
          break;
        default:
          throw new IllegalStateException("unknown action " + decision.action());
      }
    }
  }

  @Override
  public void forEachKey(String prefix, Consumer<String> sink) {
    count("forEachKey");
    for (String key : liveKeys()) {
      if (key.startsWith(prefix)) {
        sink.accept(key);
      }
    }
  }

  @Override
  public int itemSizeLimit() {
    return itemSizeLimit;
  }

  @Override
  public void close() {
    closed.set(true);
  }

  private boolean addOrReplaceExpired(String key, Item next) {
    Item current = items.putIfAbsent(key, next);
    if (current == null) {
      return true;
    }
    return !current.isLive(System.currentTimeMillis()) && items.replace(key, current, next);
  }

  private void store(String key, byte[] value, int exptime) {
    items.put(key, newItem(value, exptime));
  }

  private Item newItem(byte[] value, int exptime) {
    Objects.requireNonNull(value, "value");
    if (value.length == 0) {
      throw new IllegalArgumentException("empty values are reserved for the store's tombstones");
    }
    if (value.length + 64 > itemSizeLimit) {
      throw new IllegalArgumentException("SERVER_ERROR object too large for cache");
    }
    return new Item(value.clone(), expiresAt(exptime));
  }

  /** memcached's reading of {@code exptime}; 0 in the result means never. */
  private static long expiresAt(int exptime) {
    long now = System.currentTimeMillis();
    if (exptime == 0) {
      return 0;
    }
    if (exptime < 0) {
      return now;
    }
    if (exptime <= RELATIVE_LIMIT_SECONDS) {
      return now + exptime * 1000L;
    }
    return exptime * 1000L;
  }

  private Item liveItem(String key) {
    ensureOpen();
    Item item = items.get(key);
    return item != null && item.isLive(System.currentTimeMillis()) ? item : null;
  }

  private String checkKey(String key) {
    ensureOpen();
    Objects.requireNonNull(key, "key");
    if (key.isEmpty() || key.length() > 250) {
      throw new IllegalArgumentException("memcached keys are 1..250 bytes, got " + key.length());
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c <= ' ' || c >= 127) {
        throw new IllegalArgumentException("memcached keys hold no spaces or control characters: " + key);
      }
    }
    return key;
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("store is closed");
    }
  }

  private void count(String method) {
    calls.computeIfAbsent(method, m -> new AtomicLong()).incrementAndGet();
  }
}
