package io.mcjcache.transport;

/**
 * A value together with the CAS token memcached attached to it, as read by {@code gets}.
 *
 * @param value the stored bytes (not copied: the caller owns them)
 * @param cas the token to pass to {@link MemcachedTransport#cas}
 */
public record CasValue(byte[] value, long cas) {

  public CasValue {
    if (value == null) {
      throw new IllegalArgumentException("value must not be null");
    }
  }
}
