package io.mcjcache.bench;

import io.mcjcache.codec.JavaSerializer;
import io.mcjcache.codec.KeyEncoder;
import io.mcjcache.codec.PreparedItem;
import io.mcjcache.codec.ValueEnvelope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys and item bytes raw spymemcached sends in {@link RawSpymemcachedBenchmark}: the data set's own
 * ({@link #RAW}), or those mcjcache sends for the same entries ({@link #MCJCACHE}): each key after the
 * namespace and cache name as base64url of its serialized bytes, each value inside its envelope (header, key
 * bytes, tagged value). Raw spymemcached moving mcjcache's bytes is the floor of what mcjcache's format costs
 * on the wire, so that the rest of a difference is what mcjcache does with them.
 */
final class WireForm {
  static final String RAW = "raw";
  static final String MCJCACHE = "mcjcache";
  /** The namespace {@link McjcacheBenchmark} configures. */
  static final String NAMESPACE = "bench";

  private final Map<String, String> wireKeys;
  private final Map<String, String> dataKeys;
  private final byte[] item;
  private final byte[] value;

  private WireForm(Map<String, String> wireKeys, byte[] item, byte[] value) {
    this.wireKeys = wireKeys;
    this.item = item;
    this.value = value;
    this.dataKeys = new HashMap<>(wireKeys.size() * 2);
    wireKeys.forEach((dataKey, wireKey) -> dataKeys.put(wireKey, dataKey));
  }

  /** {@code form} ({@link #RAW} or {@link #MCJCACHE}) for the data set. */
  static WireForm of(String form, Dataset data) {
    if (RAW.equals(form)) {
      return new WireForm(Map.of(), null, null);
    }
    if (!MCJCACHE.equals(form)) {
      throw new IllegalArgumentException("format must be " + RAW + " or " + MCJCACHE + ", got " + form);
    }
    JavaSerializer serializer = new JavaSerializer();
    KeyEncoder encoder = KeyEncoder.forCache(NAMESPACE, JCacheBenchmark.CACHE_NAME);
    Map<String, String> wireKeys = new HashMap<>(Dataset.KEY_COUNT * 2);
    for (int i = 0; i < Dataset.KEY_COUNT; i++) {
      wireKeys.put(data.key(i), encoder.encode(serializer.serialize(data.key(i))));
    }
    // One envelope for every key, that of the longest key: the item sizes differ by a few key bytes at most.
    String longest = data.key(Dataset.KEY_COUNT - 1);
    byte[] item = PreparedItem.prepare(serializer, serializer.serialize(longest), data.value())
        .item(ValueEnvelope.ETERNAL);
    return new WireForm(wireKeys, item, data.value());
  }

  String key(String dataKey) {
    return item == null ? dataKey : wireKeys.get(dataKey);
  }

  Collection<String> keys(Collection<String> dataKeys) {
    if (item == null) {
      return dataKeys;
    }
    List<String> keys = new ArrayList<>(dataKeys.size());
    for (String dataKey : dataKeys) {
      keys.add(wireKeys.get(dataKey));
    }
    return keys;
  }

  /** What is stored for a data value: the value itself, or its envelope. */
  byte[] item(byte[] dataValue) {
    return item == null ? dataValue : item;
  }

  /**
   * What a preload read back, by data key, with each item that is this form's envelope given back as the
   * data set's value, so that {@link Preload} checks the read as for any peer.
   */
  Map<String, byte[]> readBack(Map<String, Object> read) {
    Map<String, byte[]> back = new HashMap<>(read.size() * 2);
    read.forEach((wireKey, found) -> {
      if (item == null) {
        back.put(wireKey, (byte[]) found);
      } else if (found instanceof byte[] bytes && Arrays.equals(bytes, item)) {
        back.put(dataKeys.get(wireKey), value);
      }
    });
    return back;
  }
}
