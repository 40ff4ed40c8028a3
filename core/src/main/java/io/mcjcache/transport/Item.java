package io.mcjcache.transport;

/**
 * One value to store in a pipelined multi-write.
 *
 * @param exptime memcached expiry: 0 = never, up to 30 days = seconds from now, above = unix time
 * @param value the bytes to store
 */
public record Item(int exptime, byte[] value) {

  public Item {
    if (value == null) {
      throw new IllegalArgumentException("value must not be null");
    }
    if (exptime < 0) {
      throw new IllegalArgumentException("exptime must be >= 0, was " + exptime);
    }
  }
}
