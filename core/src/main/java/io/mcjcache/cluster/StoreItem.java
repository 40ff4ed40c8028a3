package io.mcjcache.cluster;

import java.util.Objects;

/** A value with its memcached expiry, for batch writes. */
public record StoreItem(byte[] value, int exptime) {
  public StoreItem {
    Objects.requireNonNull(value, "value");
    if (value.length == 0) {
      throw new IllegalArgumentException("empty values are reserved for the store's tombstones");
    }
  }
}
