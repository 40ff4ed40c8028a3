package io.mcjcache;

import io.mcjcache.codec.MalformedEnvelopeException;
import io.mcjcache.codec.ValueEnvelope;

/**
 * The memcached expiry a copy of a stored item should get when the store copies it between nodes (read
 * repair, moving diverted copies home). Only this layer knows that items are value envelopes with an
 * exact expiry time inside, so the routed store asks here instead of guessing; the shape matches the
 * store's {@code ValueExpiry} ({@code EnvelopeExpiry::exptimeOf}).
 */
public final class EnvelopeExpiry {
  private EnvelopeExpiry() {}

  /**
   * The memcached {@code exptime} for a copy of {@code item} made now: 0 for an entry that never
   * expires, a time never earlier than the JCache expiry otherwise, and -1 for an expired entry or an
   * item that is not an envelope (which every reader treats as a miss, so it is not worth copying).
   */
  public static int exptimeOf(byte[] item) {
    return exptimeOf(item, System.currentTimeMillis());
  }

  static int exptimeOf(byte[] item, long nowMillis) {
    try {
      ValueEnvelope envelope = ValueEnvelope.decode(item);
      return envelope.isExpiredAt(nowMillis) ? -1 : envelope.memcachedTtlSeconds(nowMillis);
    } catch (MalformedEnvelopeException e) {
      return -1;
    }
  }
}
