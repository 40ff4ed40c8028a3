package io.mcjcache.transport;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Each node's item size limit ({@code stats settings} -> {@code item_size_max}, memcached's -I),
 * learned once per node, and the check that keeps oversized values from ever being sent. Checking
 * here rather than relying on the server's {@code SERVER_ERROR object too large} matters because
 * spymemcached answers that reply by dropping the connection, failing every other operation in
 * flight to the node.
 *
 * <p>The estimate follows memcached 1.6's item layout: a 48-byte header, the key and its terminator,
 * 4 bytes of flags (ours are non-zero), the value with its CRLF, and 8 bytes of CAS; 64 bytes of
 * overhead rounds that up, so we may refuse an item 1 byte smaller than the server would.
 */
final class ItemSizeLimits {

  static final int ITEM_OVERHEAD_BYTES = 64;

  /** 0 = not learned yet. */
  private final AtomicLongArray limits;

  ItemSizeLimits(int nodes) {
    this.limits = new AtomicLongArray(nodes);
  }

  boolean isKnown(int node) {
    return limits.get(node) > 0;
  }

  /** Records the limit from a {@code stats settings} reply; ignores replies without it. */
  void learn(int node, Map<String, String> settings) {
    String value = settings.get("item_size_max");
    if (value != null) {
      try {
        limits.set(node, Long.parseLong(value.trim()));
      } catch (NumberFormatException e) {
        // leave unknown: the server's own refusal remains the backstop
      }
    }
  }

  /** Throws when the item would not fit; passes when the limit is not known yet. */
  void check(int node, String key, byte[] value) {
    long limit = limits.get(node);
    if (limit <= 0) {
      return;
    }
    long itemBytes = (long) value.length + key.getBytes(StandardCharsets.UTF_8).length + ITEM_OVERHEAD_BYTES;
    if (itemBytes > limit) {
      throw new ItemTooLargeException(node, key, itemBytes, limit, null);
    }
  }
}
