package io.mcjcache.demo;

import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.cluster.StoreItem;
import io.mcjcache.cluster.ValueExpiry;
import io.mcjcache.codec.KeyEncoder;
import io.mcjcache.config.ClusterSettings;
import io.mcjcache.testkit.MemcachedCluster;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Full mcjcache: pairs, rehash, recovery fallback with read repair, episodes closed by moving copies
 * home. Until the JCache provider lands in main this drives the provider's routed store directly, the
 * layer every {@code javax.cache} call ends in; swapping to {@code Caching.getCachingProvider(...)}
 * and a {@code Cache<String, String>} is confined to this class.
 */
final class McjcacheStrategy implements Strategy {
  private static final String NAMESPACE = "demo";
  /**
   * The store owns only keys under its namespace: listing them is how it moves copies home when a node
   * returns, so a key outside the prefix would never be moved.
   */
  private static final String PREFIX = KeyEncoder.namespacePrefix(NAMESPACE);

  private final RoutedClusterStore store;

  private McjcacheStrategy(RoutedClusterStore store) {
    this.store = store;
  }

  static McjcacheStrategy open(MemcachedCluster cluster) {
    // Defaults except the probe period, which every strategy of the demo shares.
    URI uri = URI.create(cluster.uri() + "?mirror=pairs&namespace=" + NAMESPACE
        + "&healthIntervalMs=" + NodeClient.PROBE_INTERVAL.toMillis()
        + "&opTimeoutMs=" + NodeClient.OP_TIMEOUT.toMillis());
    ClusterSettings settings = ClusterSettings.parse(uri, new Properties(), McjcacheStrategy.class.getClassLoader());
    return new McjcacheStrategy(RoutedClusterStore.open(settings, ValueExpiry.ETERNAL));
  }

  @Override
  public void putAll(Map<String, String> entries) {
    Map<String, StoreItem> items = new LinkedHashMap<>();
    entries.forEach((key, value) -> items.put(PREFIX + key, new StoreItem(value.getBytes(StandardCharsets.UTF_8), 0)));
    store.putAll(items);
  }

  @Override
  public Map<String, String> getAll(Collection<String> keys) {
    List<String> storeKeys = new ArrayList<>(keys.size());
    keys.forEach(key -> storeKeys.add(PREFIX + key));
    Map<String, String> found = new HashMap<>();
    store.getAll(storeKeys).forEach((key, value) ->
        found.put(key.substring(PREFIX.length()), new String(value, StandardCharsets.UTF_8)));
    return found;
  }

  @Override
  public boolean seesAlive(int node) {
    return store.view().isAlive(node);
  }

  @Override
  public void close() {
    store.close();
  }
}
