package io.mcjcache.cluster;

/**
 * Reads the memcached expiry a stored value should keep when the store copies it between nodes (read
 * repair, moving diverted copies home). The store handles opaque bytes; only the layer above knows
 * where in a value its expiry is written.
 */
@FunctionalInterface
public interface ValueExpiry {
  /** The memcached exptime for a copy of {@code value} made now; negative when it has expired. */
  int exptimeOf(byte[] value);

  /** For values that never expire. */
  ValueExpiry ETERNAL = value -> 0;
}
