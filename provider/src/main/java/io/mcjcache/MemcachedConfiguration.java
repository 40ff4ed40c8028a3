package io.mcjcache;

import io.mcjcache.config.NearCacheSettings;
import java.util.Optional;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;

/**
 * A JCache configuration with what only mcjcache has: the cache's own near cache.
 *
 * <pre>{@code
 * manager.createCache("prices", new MemcachedConfiguration<String, Price>()
 *     .setNearCache(50_000, 200)          // 50,000 hot keys, at most 200 ms behind other JVMs
 *     .setTypes(String.class, Price.class));
 * }</pre>
 *
 * <p>Which near cache a cache gets, most specific first: the properties {@code cache.<name>.nearCache.*}
 * of the manager (an operator's last word, e.g. to switch one cache's near cache off without a rebuild;
 * a key they leave out comes from {@code nearCache.*}), then this configuration's
 * {@link #setNearCache}, then the manager-wide {@code nearCache.*}. A plain {@link MutableConfiguration}
 * works too and gets the manager's settings.
 *
 * <p>Like its parent this is a mutable builder; the cache copies it when it is created, and
 * {@code getConfiguration(MemcachedConfiguration.class)} hands out a copy.
 */
public final class MemcachedConfiguration<K, V> extends MutableConfiguration<K, V> {
  private static final long serialVersionUID = 1L;

  /** Kept as numbers rather than the settings record, so the configuration stays serializable. */
  private boolean nearCacheSet;
  private int nearCacheMaxEntries;
  private int nearCacheTtlMs;

  public MemcachedConfiguration() {}

  /** A copy of {@code configuration}, with its near cache settings when it is a MemcachedConfiguration. */
  public MemcachedConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof MemcachedConfiguration<K, V> ours) {
      setNearCache(ours.getNearCache().orElse(null));
    }
  }

  /**
   * This cache's near cache: at most {@code maxEntries} hot keys (0 turns it off), each served for at
   * most {@code ttlMs} before the servers are asked again.
   *
   * @throws IllegalArgumentException if {@code maxEntries} is negative or {@code ttlMs} is not positive
   */
  public MemcachedConfiguration<K, V> setNearCache(int maxEntries, int ttlMs) {
    return setNearCache(new NearCacheSettings(maxEntries, ttlMs));
  }

  /** This cache's near cache, or null to use the manager's {@code nearCache.*}. */
  public MemcachedConfiguration<K, V> setNearCache(NearCacheSettings settings) {
    this.nearCacheSet = settings != null;
    this.nearCacheMaxEntries = settings == null ? 0 : settings.maxEntries();
    this.nearCacheTtlMs = settings == null ? 0 : settings.ttlMs();
    return this;
  }

  /** The near cache asked for here; empty when the manager's settings apply. */
  public Optional<NearCacheSettings> getNearCache() {
    return nearCacheSet ? Optional.of(new NearCacheSettings(nearCacheMaxEntries, nearCacheTtlMs)) : Optional.empty();
  }

  /** Typed for chaining after the near cache setters. */
  @Override
  public MemcachedConfiguration<K, V> setTypes(Class<K> keyType, Class<V> valueType) {
    super.setTypes(keyType, valueType);
    return this;
  }

  @Override
  public boolean equals(Object object) {
    return object instanceof MemcachedConfiguration<?, ?> other
        && super.equals(other)
        && getNearCache().equals(other.getNearCache());
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + getNearCache().hashCode();
  }
}
