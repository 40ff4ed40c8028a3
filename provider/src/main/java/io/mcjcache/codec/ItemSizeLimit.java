package io.mcjcache.codec;

import io.mcjcache.config.ClusterSettings;
import io.mcjcache.transport.TransportSettings;

import java.util.Locale;

/**
 * Whether an entry fits in one memcached item, checked before sending so that an oversized value is a
 * clear error rather than a {@code SERVER_ERROR object too large} and a half-written mirror pair.
 *
 * <p>memcached counts its own item header against the {@code -I} limit: {@link #ITEM_OVERHEAD_BYTES},
 * the one figure for it, which the transport's own check before sending is given too (docs/codec.md,
 * "Item size").
 *
 * @param maxItemBytes the server's item size limit: {@code memcached -I}, reported as
 *     {@code item_size_max} by {@code stats settings}
 */
public record ItemSizeLimit(long maxItemBytes) {

  /** memcached's default {@code -I}: 1 MiB. */
  public static final long MEMCACHED_DEFAULT_BYTES = ClusterSettings.DEFAULT_ITEM_SIZE_LIMIT;

  /** memcached's per-item header, counted against {@code -I} besides the key and the value (measured). */
  public static final int ITEM_OVERHEAD_BYTES = TransportSettings.ITEM_OVERHEAD_BYTES;

  /** memcached refuses {@code -I} below 1 KiB. */
  private static final long MIN_LIMIT_BYTES = ClusterSettings.MIN_ITEM_SIZE_LIMIT;

  public ItemSizeLimit {
    if (maxItemBytes < MIN_LIMIT_BYTES) {
      throw new IllegalArgumentException(
          "item size limit must be at least " + MIN_LIMIT_BYTES + " bytes (memcached -I), got "
              + maxItemBytes);
    }
  }

  public static ItemSizeLimit memcachedDefault() {
    return new ItemSizeLimit(MEMCACHED_DEFAULT_BYTES);
  }

  /** The item's estimated size on the server: key, envelope and the header allowance. */
  public long itemBytes(int keyLength, int envelopeLength) {
    return (long) keyLength + envelopeLength + ITEM_OVERHEAD_BYTES;
  }

  public boolean fits(int keyLength, int envelopeLength) {
    return itemBytes(keyLength, envelopeLength) <= maxItemBytes;
  }

  /**
   * Passes silently when the item fits.
   *
   * @param keyLength the memcached key's length in bytes (our keys are ASCII, so its {@code length()})
   * @param envelopeLength {@link ValueEnvelope#encodedLength()}
   * @throws ValueTooLargeException naming the sizes and the {@code -I} setting when it does not
   */
  public void check(int keyLength, int envelopeLength) {
    long itemBytes = itemBytes(keyLength, envelopeLength);
    if (itemBytes > maxItemBytes) {
      throw new ValueTooLargeException(
          String.format(
              Locale.ROOT,
              "Value too large for memcached: the item would take %,d bytes (key %,d + envelope %,d "
                  + "+ %d bytes of server item overhead), but the server's item size limit is %,d "
                  + "bytes. Store a smaller value, or raise the limit with memcached's -I option on "
                  + "every server (e.g. -I %dm) and configure mcjcache with the same limit.",
              itemBytes, keyLength, envelopeLength, ITEM_OVERHEAD_BYTES, maxItemBytes,
              Math.max(2, Math.floorDiv(itemBytes, 1_048_576) + 1)),
          itemBytes,
          maxItemBytes);
    }
  }
}
