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
    return call(() -> store.get(key));
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    return call(() -> store.getAll(keys));
  }

  @Override
  public void put(String key, byte[] value, int exptime) {
    run(() -> store.put(key, value, exptime));
  }

  @Override
  public void putAll(Map<String, StoreItem> items) {
    run(() -> store.putAll(items));
  }

  @Override
  public boolean delete(String key) {
    return call(() -> store.delete(key));
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    run(() -> store.deleteAll(keys));
  }

  @Override
  public <R> R update(String key, Mutation<R> mutation) {
    return call(() -> store.update(key, mutation));
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
    run(() -> store.forEachKey(prefix, sink));
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

  private static <T> T call(Supplier<T> operation) {
    try {
      return operation.get();
    } catch (StoreException e) {
      throw new CacheException(e.getMessage(), e);
    }
  }

  private static void run(Runnable operation) {
    try {
      operation.run();
    } catch (StoreException e) {
      throw new CacheException(e.getMessage(), e);
    }
  }
}
