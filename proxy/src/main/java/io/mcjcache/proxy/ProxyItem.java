package io.mcjcache.proxy;

import io.mcjcache.cluster.Decision;
import io.mcjcache.cluster.ValueExpiry;
import io.mcjcache.transport.TransportSettings;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;

/**
 * One client item as the proxy stores it: the client's 32-bit flags and absolute expiry travel with the
 * data in a small header, so that a copy the store moves between nodes keeps both (docs/proxy.md, "Item
 * layout").
 *
 * <pre>
 *   offset  size  field
 *   0       1     magic 0xB7
 *   1       1     format version (1)
 *   2       4     client flags, unsigned 32-bit, big-endian
 *   6       8     expiry, epoch ms, big-endian; 0 = never
 *   14      8     stamp: a random positive 63-bit number drawn for every write (the CAS unique)
 *   22      N     the client's data bytes (N may be 0); the item ends here
 * </pre>
 *
 * <p>The stamp is written inside the value, so the home copy and its mirror carry the same one, and a
 * CAS unique a client got from one copy still matches after a failover to the other. memcached's own
 * CAS counter is per server and could not do that (docs/proxy.md, "CAS").
 *
 * <p>The expiry in the header is the truth: a read checks it against the proxy's clock. The memcached
 * {@code exptime} each copy is stored with ({@link #memcachedExptime}) is only a backstop a little later,
 * so a server never drops a live item early.
 *
 * @param flags the client's flags (an unsigned 32-bit value, held in the low bits)
 * @param expiresAtMillis epoch ms after which the item is gone; {@link #NEVER} = never
 * @param stamp the write's CAS unique, positive
 * @param data the client's bytes
 */
record ProxyItem(long flags, long expiresAtMillis, long stamp, byte[] data) {
  static final byte MAGIC = (byte) 0xB7;
  static final byte VERSION = 2;
  static final int HEADER_BYTES = 22;
  static final long NEVER = 0;

  /** memcached: an exptime up to 30 days is relative seconds, above it absolute unix seconds. */
  static final int RELATIVE_LIMIT_SECONDS = 60 * 60 * 24 * 30;
  private static final int RELATIVE_MARGIN_SECONDS = 2;
  private static final int ABSOLUTE_MARGIN_SECONDS = 60 * 60;

  /**
   * The store's {@link ValueExpiry} for the proxy's items: the backstop exptime from the header, -1 for an
   * expired item. A value of another format (a JCache entry of the same namespace, see docs/proxy.md) is
   * copied without a backstop (0) rather than dropped: its own reader checks its expiry.
   */
  static final ValueExpiry EXPIRY = value -> {
    ProxyItem item = decode(value);
    return item == null ? 0 : memcachedExptime(item.expiresAtMillis, System.currentTimeMillis());
  };

  byte[] encode() {
    ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + data.length);
    buffer.put(MAGIC).put(VERSION).putInt((int) flags).putLong(expiresAtMillis).putLong(stamp).put(data);
    return buffer.array();
  }

  /** The item, or {@code null} when {@code value} is not in this format. */
  static ProxyItem decode(byte[] value) {
    if (value == null || value.length < HEADER_BYTES || value[0] != MAGIC || value[1] != VERSION) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.wrap(value);
    long flags = Integer.toUnsignedLong(buffer.getInt(2));
    long expiresAt = buffer.getLong(6);
    long stamp = buffer.getLong(14);
    return new ProxyItem(flags, expiresAt, stamp, Arrays.copyOfRange(value, HEADER_BYTES, value.length));
  }

  /** The item in {@code value} when it is one of the proxy's and has not expired at {@code nowMillis}. */
  static ProxyItem live(byte[] value, long nowMillis) {
    ProxyItem item = decode(value);
    return item == null || item.isExpiredAt(nowMillis) ? null : item;
  }

  boolean isExpiredAt(long nowMillis) {
    return expiresAtMillis != NEVER && expiresAtMillis <= nowMillis;
  }

  /** A new write of a client's item: a fresh stamp. */
  static ProxyItem written(long flags, long expiresAtMillis, byte[] data) {
    return new ProxyItem(flags, expiresAtMillis, newStamp(), data);
  }

  /** The same item with other data (append, prepend, incr, decr): a new write, so a fresh stamp. */
  ProxyItem withData(byte[] newData) {
    return new ProxyItem(flags, expiresAtMillis, newStamp(), newData);
  }

  /**
   * {@code append}/{@code prepend}: the item with {@code more} joined at its end or start; it keeps its flags
   * and expiry and, being a new write, gets a fresh stamp.
   */
  ProxyItem joined(byte[] more, boolean append) {
    byte[] joined = new byte[data.length + more.length];
    System.arraycopy(append ? data : more, 0, joined, 0, append ? data.length : more.length);
    System.arraycopy(append ? more : data, 0, joined, append ? data.length : more.length,
        append ? more.length : data.length);
    return withData(joined);
  }

  /**
   * Whether an item of {@code dataBytes} under {@code storeKey} fits {@code itemSizeLimit}: key, this header,
   * the data and memcached's own item overhead (docs/proxy.md, "Item layout").
   */
  static boolean fits(String storeKey, int dataBytes, int itemSizeLimit) {
    long itemBytes = (long) ProxyKeys.storeKeyBytes(storeKey) + HEADER_BYTES + dataBytes
        + TransportSettings.ITEM_OVERHEAD_BYTES;
    return itemBytes <= itemSizeLimit;
  }

  /**
   * The decision of a touch ({@code touch}, {@code gat}, {@code mg T}), run on the key's owner: the live item
   * with its expiry set from the client's {@code exptime} (a negative or past one removes it), answered by
   * {@code answer(old, touched)}; {@code keep(null)} when there is no live item.
   */
  static <R> Decision<R> touch(byte[] current, long exptime, BiFunction<ProxyItem, ProxyItem, R> answer) {
    long now = System.currentTimeMillis();
    ProxyItem old = live(current, now);
    if (old == null) {
      return Decision.keep(null);
    }
    ProxyItem touched = old.withExpiry(expiresAt(exptime, now));
    int backstop = memcachedExptime(touched.expiresAtMillis(), now);
    R result = answer.apply(old, touched);
    return backstop < 0 ? Decision.remove(result) : Decision.write(touched.encode(), backstop, result);
  }

  /** The same item with another expiry ({@code touch}, {@code gat}): as in memcached, the CAS unique stays. */
  ProxyItem withExpiry(long newExpiresAtMillis) {
    return new ProxyItem(flags, newExpiresAtMillis, stamp, data);
  }

  /**
   * A random positive 63-bit stamp. Random rather than counted: proxies on many hosts write the same keys
   * with no shared counter, and two writes drawing the same stamp for one key (odds 2^-63) is the only way a
   * stale CAS could pass.
   */
  static long newStamp() {
    long stamp = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    return stamp == 0 ? 1 : stamp;
  }

  /**
   * A client's {@code exptime} as an absolute expiry: 0 = never ({@link #NEVER}); up to 30 days relative
   * seconds; above, absolute unix seconds; negative = already expired (returned as {@code -1}, which every
   * check treats as in the past).
   */
  static long expiresAt(long clientExptime, long nowMillis) {
    if (clientExptime == 0) {
      return NEVER;
    }
    if (clientExptime < 0) {
      return -1;
    }
    if (clientExptime <= RELATIVE_LIMIT_SECONDS) {
      return nowMillis + clientExptime * 1000;
    }
    long absolute = clientExptime * 1000;
    return absolute <= nowMillis ? -1 : absolute;
  }

  /**
   * The memcached exptime for a copy written at {@code nowMillis}: 0 for never, -1 when already expired,
   * otherwise a time a little after the expiry (2 s relative, an hour for absolute times, which also
   * cover a server clock behind the proxy's).
   */
  static int memcachedExptime(long expiresAtMillis, long nowMillis) {
    if (expiresAtMillis == NEVER) {
      return 0;
    }
    long remaining = expiresAtMillis - nowMillis;
    if (remaining <= 0) {
      return -1;
    }
    long relative = Math.floorDiv(remaining + 999, 1000) + RELATIVE_MARGIN_SECONDS;
    if (relative <= RELATIVE_LIMIT_SECONDS) {
      return (int) relative;
    }
    long absolute = Math.floorDiv(expiresAtMillis, 1000) + 1 + ABSOLUTE_MARGIN_SECONDS;
    return absolute <= Integer.MAX_VALUE ? (int) absolute : 0;
  }
}
