package io.mcjcache.codec;

import javax.cache.CacheException;

/**
 * An entry would not fit in one memcached item. Raised before anything is sent, so nothing is
 * half-written. The message names the item size, the server limit and how to raise it.
 */
public final class ValueTooLargeException extends CacheException {

  private final long itemBytes;
  private final long limitBytes;

  public ValueTooLargeException(String message, long itemBytes, long limitBytes) {
    super(message);
    this.itemBytes = itemBytes;
    this.limitBytes = limitBytes;
  }

  /** The estimated size of the item on the server, including the overhead allowance. */
  public long itemBytes() {
    return itemBytes;
  }

  /** The server's item size limit ({@code memcached -I}). */
  public long limitBytes() {
    return limitBytes;
  }
}
