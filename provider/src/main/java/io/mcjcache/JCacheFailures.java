package io.mcjcache;

import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.cluster.KeyClaim;
import io.mcjcache.cluster.Mutation;
import io.mcjcache.cluster.StoreException;
import io.mcjcache.cluster.StoreFigures;
import io.mcjcache.cluster.StoreItem;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.cache.CacheException;

/**
 * The border between the JCache-free core and the JCache API: the store's failures ({@link StoreException},
 * e.g. every node down with {@code allDown=error}) reach callers as the spec's {@link CacheException}, with
 * the same message and the store's exception as the cause. Everything else passes through untouched (an
 * entry processor's or a mutation's own exceptions included). docs/architecture.md, "Modules".
 */
final class JCacheFailures implements ClusterStore {
  private final ClusterStore store;

  JCacheFailures(ClusterStore store) {
    this.store = store;
  }

  /** Opens a store, its failure to open already a {@link CacheException}. */
  static JCacheFailures open(Supplier<ClusterStore> opener) {
    return new JCacheFailures(call(opener));
  }

  /** The store underneath, for {@code CacheManager.unwrap}. */
  ClusterStore store() {
    return store;
  }

  @Override
  public byte[] get(String key) {
    try {
      return store.get(key);
    } catch (StoreException e) {
      throw translated(e);
    }
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    try {
      return store.getAll(keys);
    } catch (StoreException e) {
      throw translated(e);
    }
  }

  @Override
  public void put(String key, byte[] value, int exptime) {
    try {
      store.put(key, value, exptime);
    } catch (StoreException e) {
      throw translated(e);
    }
  }

  @Override
  public void putAll(Map<String, StoreItem> items) {
    try {
      store.putAll(items);
    } catch (StoreException e) {
      throw translated(e);
    }
  }

  @Override
  public boolean delete(String key) {
    try {
      return store.delete(key);
    } catch (StoreException e) {
      throw translated(e);
    }
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    try {
      store.deleteAll(keys);
    } catch (StoreException e) {
      throw translated(e);
    }
  }

  @Override
  public <R> R update(String key, Mutation<R> mutation) {
    try {
      return store.update(key, mutation);
    } catch (StoreException e) {
      throw translated(e);
    }
  }

  @Override
  public KeyClaim claim(String key) {
    KeyClaim claim = call(() -> store.claim(key));
    return new KeyClaim() {
      @Override
      public void contended() {
        run(claim::contended);
      }

      @Override
      public void close() {
        run(claim::close);
      }
    };
  }

  @Override
  public void forEachKey(String prefix, Consumer<String> sink) {
    try {
      store.forEachKey(prefix, sink);
    } catch (StoreException e) {
      throw translated(e);
    }
  }

  @Override
  public boolean isUnavailable() {
    return store.isUnavailable();
  }

  @Override
  public StoreFigures figures() {
    return store.figures();
  }

  @Override
  public int itemSizeLimit() {
    return store.itemSizeLimit();
  }

  @Override
  public void close() {
    run(store::close);
  }

  /**
   * The store's failure as the spec's exception. Each method catches it itself rather than through a
   * lambda: this border is on every operation's path, and a capturing lambda would allocate per call.
   */
  private static CacheException translated(StoreException e) {
    return new CacheException(e.getMessage(), e);
  }

  private static <T> T call(Supplier<T> operation) {
    try {
      return operation.get();
    } catch (StoreException e) {
      throw translated(e);
    }
  }

  private static void run(Runnable operation) {
    try {
      operation.run();
    } catch (StoreException e) {
      throw translated(e);
    }
  }
}
