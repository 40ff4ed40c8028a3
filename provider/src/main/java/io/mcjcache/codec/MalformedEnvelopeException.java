package io.mcjcache.codec;

import javax.cache.CacheException;

/**
 * Item bytes that are not a {@link ValueEnvelope} this version can read: truncated, corrupt, written by
 * another application under a colliding key, or by a newer mcjcache format. A distinct type so that the
 * cache can treat such an item as a miss (and may delete it) instead of failing the call.
 */
public final class MalformedEnvelopeException extends CacheException {

  public MalformedEnvelopeException(String message) {
    super(message);
  }
}
