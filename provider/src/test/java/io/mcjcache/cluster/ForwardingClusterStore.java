package io.mcjcache.cluster;

import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;

/** A store that hands every call to another; tests override the calls whose behaviour they change. */
public class ForwardingClusterStore implements ClusterStore {
  private final ClusterStore delegate;

  public ForwardingClusterStore(ClusterStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public byte[] get(String key) {
    return delegate.get(key);
  }

  @Override
  public Map<String, byte[]> getAll(Collection<String> keys) {
    return delegate.getAll(keys);
  }

  @Override
  public void put(String key, byte[] value, int exptime) {
    delegate.put(key, value, exptime);
  }

  @Override
  public void putAll(Map<String, StoreItem> items) {
    delegate.putAll(items);
  }

  @Override
  public boolean delete(String key) {
    return delegate.delete(key);
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    delegate.deleteAll(keys);
  }

  @Override
  public <R> R update(String key, Mutation<R> mutation) {
    return delegate.update(key, mutation);
  }

  @Override
  public KeyClaim claim(String key) {
    return delegate.claim(key);
  }

  @Override
  public void forEachKey(String prefix, Consumer<String> sink) {
    delegate.forEachKey(prefix, sink);
  }

  @Override
  public boolean isUnavailable() {
    return delegate.isUnavailable();
  }

  @Override
  public int itemSizeLimit() {
    return delegate.itemSizeLimit();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
